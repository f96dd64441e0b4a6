package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.attendance.ImportProblem;
import io.campusedge.hub.internal.attendance.RejectedException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A refused request: 400 (invalid input; file problems listed with file and line), 404 (unknown id)
 * or 409 (conflicts with what is stored). Nothing of it was applied.
 */
@Produces
@Singleton
@Requires(classes = {RejectedException.class, ExceptionHandler.class})
public class RejectedHandler
    implements ExceptionHandler<RejectedException, HttpResponse<RejectedHandler.RejectedView>> {

  /** The error body. */
  @Serdeable
  public record RejectedView(int status, String message, List<ImportProblem> problems) {}

  @Override
  public HttpResponse<RejectedView> handle(HttpRequest request, RejectedException e) {
    HttpStatus status =
        switch (e.kind()) {
          case INVALID -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case CONFLICT -> HttpStatus.CONFLICT;
        };
    return HttpResponse.<RejectedView>status(status)
        .body(new RejectedView(status.getCode(), e.getMessage(), e.problems()));
  }
}
