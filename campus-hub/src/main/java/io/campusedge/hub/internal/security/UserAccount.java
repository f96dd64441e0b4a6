package io.campusedge.hub.internal.security;

import io.campusedge.hub.internal.store.PasswordHasher.PasswordHash;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A hub user as stored; {@code version} moves on with every change to the account. */
public record UserAccount(
    String username,
    Role role,
    Set<String> sites,
    PasswordHash password,
    long version,
    int failedLogins,
    Optional<Instant> lockedUntil,
    Instant createdAt,
    Instant updatedAt) {

  public boolean lockedAt(Instant now) {
    return lockedUntil.map(now::isBefore).orElse(false);
  }
}
