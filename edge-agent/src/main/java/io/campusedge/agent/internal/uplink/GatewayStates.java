package io.campusedge.agent.internal.uplink;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.protos.v1.ClockSync;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.OutboxStats;
import io.campusedge.protos.v1.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the birth and death {@link GatewayState} messages. */
final class GatewayStates {
  private static final Logger log = LoggerFactory.getLogger(GatewayStates.class);

  private final AgentConfig config;
  private final AgentClock clock;
  private final Outbox outbox;
  private final String softwareVersion;

  GatewayStates(AgentConfig config, AgentClock clock, Outbox outbox, String softwareVersion) {
    this.config = config;
    this.clock = clock;
    this.outbox = outbox;
    this.softwareVersion = softwareVersion;
  }

  GatewayState birth() {
    GatewayState.Builder state = base(true).setOutbox(outboxStats());
    config.rooms().forEach(r -> state.addRooms(Room.newBuilder().setId(r.id()).setName(r.name())));
    for (AgentConfig.Device device : config.devices()) {
      state.addDevices(
          DeviceInfo.newBuilder()
              .setDeviceId(device.id())
              .setType(device.type())
              .setRoomId(device.room()));
    }
    return state.build();
  }

  /** Also used as the MQTT will, so it carries only what is true whenever it is published. */
  GatewayState death() {
    return base(false).build();
  }

  private GatewayState.Builder base(boolean online) {
    boolean synced = clock.isSynced();
    String source = !synced ? "none" : config.clock().assumeSynced() ? "assumed" : "ntp";
    return GatewayState.newBuilder()
        .setOnline(online)
        .setSite(config.site())
        .setGatewayId(config.gatewayId())
        .setEpoch(outbox.epoch())
        .setBootId(clock.bootId())
        .setSoftwareVersion(softwareVersion)
        .setTimeMs(clock.wall().millis())
        .setClockSync(ClockSync.newBuilder().setSynced(synced).setSource(source));
  }

  private OutboxStats outboxStats() {
    try {
      OutboxStatus status = outbox.stats();
      return OutboxStats.newBuilder()
          .setPendingRecords(status.pendingRecords())
          .setPendingBytes(status.pendingBytes())
          .setOldestPendingTimeMs(status.oldestPending().map(i -> i.toEpochMilli()).orElse(0L))
          .setCorruptFilesKept(status.corruptFilesKept())
          .putAllEvictedByLane(status.evictedByLane())
          .build();
    } catch (OutboxException e) {
      log.warn("Birth without outbox stats: {}", e.getMessage());
      return OutboxStats.getDefaultInstance();
    }
  }
}
