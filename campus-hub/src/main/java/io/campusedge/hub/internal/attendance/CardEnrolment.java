package io.campusedge.hub.internal.attendance;

import java.time.Instant;
import java.util.Optional;

/**
 * A reader put in enrolment mode for one user: PENDING until its next tap, then REGISTERED or
 * FAILED (with the reason); EXPIRED when nobody tapped in time; CANCELLED by a newer request.
 */
public record CardEnrolment(
    String id,
    String site,
    String readerId,
    String userId,
    String requestedBy,
    Instant requestedAt,
    Instant expiresAt,
    State state,
    Optional<String> outcome,
    Optional<Instant> finishedAt) {

  public enum State {
    PENDING,
    REGISTERED,
    FAILED,
    EXPIRED,
    CANCELLED
  }

  /** PENDING past its expiry reads as EXPIRED. */
  public State stateAt(Instant now) {
    return state == State.PENDING && !now.isBefore(expiresAt) ? State.EXPIRED : state;
  }
}
