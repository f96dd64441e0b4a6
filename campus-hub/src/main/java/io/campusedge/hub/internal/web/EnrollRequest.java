package io.campusedge.hub.internal.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Body of {@code POST /api/v1/enroll}: the token (or send it as {@code Authorization: Bearer}). */
@Serdeable
public record EnrollRequest(@Nullable String token) {
  @Override
  public String toString() {
    return "EnrollRequest[token=***]";
  }
}
