package io.campusedge.hub.internal.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Body of {@code POST /api/v1/tokens}: a name for people, the role and the schools. */
@Serdeable
public record TokenRequest(
    @Nullable String name, @Nullable String role, @Nullable List<String> sites) {}
