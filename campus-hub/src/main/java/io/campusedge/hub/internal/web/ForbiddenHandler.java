package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.security.ForbiddenException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/** A request outside the caller's role or schools: 403 with the reason. */
@Produces
@Singleton
public class ForbiddenHandler
    implements ExceptionHandler<ForbiddenException, HttpResponse<ForbiddenHandler.Refusal>> {

  /** The 403 body. */
  @Serdeable
  public record Refusal(int status, String message) {}

  @Override
  public HttpResponse<Refusal> handle(HttpRequest request, ForbiddenException e) {
    return HttpResponse.<Refusal>status(HttpStatus.FORBIDDEN)
        .body(new Refusal(403, e.getMessage()));
  }
}
