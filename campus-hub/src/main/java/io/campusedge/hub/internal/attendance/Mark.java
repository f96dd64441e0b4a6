package io.campusedge.hub.internal.attendance;

import java.time.Instant;
import java.util.Optional;

/** A stored mark: how it was set (TAP, CLOSE at the lesson's end, CORRECTION by a user). */
record Mark(
    String userId,
    MarkStatus status,
    Source source,
    Optional<Instant> tappedAt,
    Optional<String> reason,
    Optional<String> updatedBy,
    Instant updatedAt) {

  enum Source {
    TAP,
    CLOSE,
    CORRECTION
  }
}
