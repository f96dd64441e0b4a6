package io.campusedge.hub.internal.enrollment;

import io.micronaut.http.HttpStatus;

/** A token exchange the hub refuses; the message is for the technician at the gateway. */
public class EnrollmentRefusedException extends RuntimeException {
  private final HttpStatus status;
  private final String reason;

  public EnrollmentRefusedException(HttpStatus status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  public HttpStatus status() {
    return status;
  }

  /** A stable word for programs: invalid_token, token_used, token_expired, ... */
  public String reason() {
    return reason;
  }
}
