package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.security.ApiToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** An API token; {@code token} (the bearer text) is present only in the answer that created it. */
@Serdeable
public record TokenView(
    String id,
    String name,
    String role,
    List<String> sites,
    String createdBy,
    String createdAt,
    @Nullable String revokedAt,
    @Nullable String token) {

  static TokenView of(ApiToken token, @Nullable String bearer) {
    return new TokenView(
        token.id(),
        token.name(),
        token.role().name(),
        List.copyOf(token.sites()),
        token.createdBy(),
        token.createdAt().toString(),
        token.revokedAt().map(Instant::toString).orElse(null),
        bearer);
  }
}
