package io.campusedge.hub.internal.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Body of {@code POST /api/v1/users} and {@code PATCH /api/v1/users/{username}}. */
@Serdeable
public record UserRequest(
    @Nullable String username,
    @Nullable String password,
    @Nullable String role,
    @Nullable List<String> sites) {

  @Override
  public String toString() {
    return "UserRequest[username=" + username + ", role=" + role + ", sites=" + sites + "]";
  }
}
