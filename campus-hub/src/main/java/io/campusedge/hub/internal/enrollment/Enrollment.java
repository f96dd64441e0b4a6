package io.campusedge.hub.internal.enrollment;

import java.time.Instant;
import java.util.Optional;

/** A one-time enrollment token as stored (never its secret). */
public record Enrollment(
    String id,
    String site,
    String room,
    String gatewayId,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> usedAt,
    Optional<Instant> revokedAt) {

  public boolean pendingAt(Instant now) {
    return usedAt.isEmpty() && revokedAt.isEmpty() && now.isBefore(expiresAt);
  }
}
