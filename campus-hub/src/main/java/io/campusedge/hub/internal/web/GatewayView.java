package io.campusedge.hub.internal.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.campusedge.hub.internal.store.GatewayOverview;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A gateway: online flag and last state message time; {@code uptoSeq} is the highest contiguous
 * record seq stored for its current {@code epoch}, {@code gaps} the holes seen in that epoch.
 */
@Serdeable
public record GatewayView(
    String id,
    String site,
    boolean online,
    @Nullable String lastSeen,
    @Nullable String version,
    @Nullable Long epoch,
    @Nullable Long uptoSeq,
    @Nullable Long gaps,
    @Nullable Long outboxPending,
    @Nullable String outboxOldest,
    @Nullable Boolean clockSynced,
    @Nullable String clockSource,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<String> problems) {

  static GatewayView of(GatewayOverview gateway) {
    return new GatewayView(
        gateway.gatewayId(),
        gateway.site(),
        gateway.online(),
        gateway.lastSeen().map(Instant::toString).orElse(null),
        gateway.softwareVersion().orElse(null),
        gateway.epoch().orElse(null),
        gateway.uptoSeq().orElse(null),
        gateway.gaps().orElse(null),
        gateway.health().outboxPending().orElse(null),
        gateway.health().outboxOldest().map(Instant::toString).orElse(null),
        gateway.health().clockSynced().orElse(null),
        gateway.health().clockSource().orElse(null),
        gateway.health().problems());
  }
}
