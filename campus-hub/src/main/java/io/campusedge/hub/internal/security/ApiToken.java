package io.campusedge.hub.internal.security;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** An integration's API token as stored (never its secret). */
public record ApiToken(
    String id,
    String name,
    Role role,
    Set<String> sites,
    String createdBy,
    Instant createdAt,
    Optional<Instant> revokedAt) {

  public boolean revoked() {
    return revokedAt.isPresent();
  }
}
