package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.history.InvalidQueryException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns a refused query into 400 with a JSON body naming the parameter. */
@Produces
@Singleton
@Requires(classes = {InvalidQueryException.class, ExceptionHandler.class})
public class InvalidQueryHandler
    implements ExceptionHandler<InvalidQueryException, HttpResponse<QueryErrorView>> {

  @Override
  public HttpResponse<QueryErrorView> handle(HttpRequest request, InvalidQueryException e) {
    return HttpResponse.badRequest(new QueryErrorView(400, e.field(), e.value(), e.getMessage()));
  }
}
