package io.campusedge.hub.internal.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A registered gateway as operators see it: its last state and, for its current epoch, how far the
 * hub has stored its records and how many gaps it saw. Empty fields: never connected yet.
 */
public record GatewayOverview(
    String gatewayId,
    String site,
    boolean online,
    Optional<Instant> lastSeen,
    Optional<String> softwareVersion,
    Optional<Long> epoch,
    Optional<Long> uptoSeq,
    Optional<Long> gaps) {}
