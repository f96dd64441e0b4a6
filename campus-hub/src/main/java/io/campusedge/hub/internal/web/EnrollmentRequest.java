package io.campusedge.hub.internal.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Body of {@code POST /api/v1/enrollments}: school, room, optionally the gateway id (re-enrolling
 * an existing gateway rotates its password) and the token's lifetime (default 24h, at most 7d).
 */
@Serdeable
public record EnrollmentRequest(
    @Nullable String site,
    @Nullable String room,
    @Nullable String gatewayId,
    @Nullable String expiresIn) {}
