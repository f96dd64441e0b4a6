package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.enrollment.EnrollmentRefusedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/** A refused token exchange: 401, 410 or 429 with a reason for programs and one for people. */
@Produces
@Singleton
public class EnrollmentRefusedHandler
    implements ExceptionHandler<
        EnrollmentRefusedException, HttpResponse<EnrollmentRefusedHandler.Refusal>> {

  /** The error body. */
  @Serdeable
  public record Refusal(int status, String error, String message) {}

  @Override
  public HttpResponse<Refusal> handle(HttpRequest request, EnrollmentRefusedException e) {
    return HttpResponse.<Refusal>status(e.status())
        .body(new Refusal(e.status().getCode(), e.reason(), e.getMessage()));
  }
}
