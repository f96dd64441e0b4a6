package io.campusedge.hub.internal.alerts;

import java.time.Instant;
import java.util.Optional;

/** An alert as stored; {@code occurrences} counts repeats while it stayed open. */
public record Alert(
    long id,
    String site,
    Optional<String> roomId,
    AlertKind kind,
    String subject,
    String detail,
    int occurrences,
    Instant raisedAt,
    Instant lastSeenAt,
    State state,
    Optional<String> acknowledgedBy,
    Optional<Instant> acknowledgedAt,
    Optional<Instant> clearedAt) {

  /** OPEN until acknowledged by a user (still listed) or cleared (over). */
  public enum State {
    OPEN,
    ACKNOWLEDGED,
    CLEARED
  }
}
