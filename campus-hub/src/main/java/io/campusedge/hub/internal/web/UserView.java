package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.security.UserAccount;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** A user as admins see it (never the password hash); {@code sites} empty for a sector admin. */
@Serdeable
public record UserView(
    String username,
    String role,
    List<String> sites,
    @Nullable String lockedUntil,
    String createdAt,
    String updatedAt) {

  static UserView of(UserAccount user) {
    Instant now = Instant.now();
    return new UserView(
        user.username(),
        user.role().name(),
        List.copyOf(user.sites()),
        user.lockedAt(now) ? user.lockedUntil().orElseThrow().toString() : null,
        user.createdAt().toString(),
        user.updatedAt().toString());
  }
}
