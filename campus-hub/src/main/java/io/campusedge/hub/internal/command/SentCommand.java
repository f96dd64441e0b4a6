package io.campusedge.hub.internal.command;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A command as stored: SENT until the gateway's result (OK, FAILED, REJECTED, UNSUPPORTED,
 * EXPIRED); NO_ANSWER once it expired without one; NOT_SENT when the broker could not take it.
 */
@Serdeable
public record SentCommand(
    String id,
    String site,
    String gatewayId,
    String kind,
    String summary,
    String issuedBy,
    String issuedAt,
    String expiresAt,
    String status,
    @Nullable String message,
    @Nullable String answeredAt) {}
