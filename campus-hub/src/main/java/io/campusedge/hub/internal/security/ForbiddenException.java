package io.campusedge.hub.internal.security;

/** A request the caller is authenticated for but not allowed to make; answered with 403. */
public class ForbiddenException extends RuntimeException {
  public ForbiddenException(String message) {
    super(message);
  }
}
