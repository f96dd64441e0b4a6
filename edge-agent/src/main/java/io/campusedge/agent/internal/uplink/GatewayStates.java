package io.campusedge.agent.internal.uplink;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.health.HealthReport;
import io.campusedge.agent.internal.health.HealthReporter;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.protos.v1.ClockSync;
import io.campusedge.protos.v1.DeviceHealth;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayHealth;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.LaneStats;
import io.campusedge.protos.v1.OutboxStats;
import io.campusedge.protos.v1.Room;
import java.util.function.Supplier;

/**
 * Builds the {@link GatewayState} messages: birth (also every heartbeat and on rebirth), with the
 * inventory of the configuration as it is now and the health report; death, for the will.
 */
final class GatewayStates {
  private final Supplier<AgentConfig> config;
  private final AgentClock clock;
  private final Outbox outbox;
  private final HealthReporter health;
  private final String softwareVersion;

  GatewayStates(
      Supplier<AgentConfig> config,
      AgentClock clock,
      Outbox outbox,
      HealthReporter health,
      String softwareVersion) {
    this.config = config;
    this.clock = clock;
    this.outbox = outbox;
    this.health = health;
    this.softwareVersion = softwareVersion;
  }

  GatewayState birth() {
    AgentConfig current = config.get();
    HealthReport report = health.report();
    GatewayState.Builder state =
        base(true)
            .setOutbox(outboxStats(report.outbox()))
            .setHealth(health(report))
            .setHeartbeatIntervalMs(current.uplink().heartbeatInterval().toMillis());
    current.rooms().forEach(r -> state.addRooms(Room.newBuilder().setId(r.id()).setName(r.name())));
    for (AgentConfig.Device device : current.devices()) {
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
    AgentConfig current = config.get();
    return GatewayState.newBuilder()
        .setOnline(online)
        .setSite(current.site())
        .setGatewayId(current.gatewayId())
        .setEpoch(outbox.epoch())
        .setBootId(clock.bootId())
        .setSoftwareVersion(softwareVersion)
        .setTimeMs(clock.wall().millis())
        .setClockSync(
            ClockSync.newBuilder()
                .setSynced(clock.isSynced())
                .setSource(clock.source())
                .setMonotonicMs(clock.monotonicMs()));
  }

  private static OutboxStats outboxStats(HealthReport.Outbox outbox) {
    OutboxStats.Builder stats =
        OutboxStats.newBuilder()
            .setPendingRecords(outbox.pendingRecords())
            .setPendingBytes(outbox.pendingBytes())
            .setOldestPendingTimeMs(outbox.oldestPendingTimeMs())
            .setCorruptFilesKept(outbox.corruptFilesKept())
            .setDiskFull(outbox.diskFull());
    long held = 0;
    for (HealthReport.Lane lane : outbox.lanes()) {
      stats.putEvictedByLane(lane.lane(), lane.evicted());
      stats.addLanes(
          LaneStats.newBuilder()
              .setLane(lane.lane())
              .setPendingRecords(lane.pendingRecords())
              .setPendingBytes(lane.pendingBytes())
              .setOldestPendingTimeMs(lane.oldestPendingTimeMs())
              .setEvicted(lane.evicted())
              .setDroppedDiskFull(lane.droppedDiskFull())
              .setHeldInMemory(lane.heldInMemory()));
      held += lane.heldInMemory();
    }
    return stats.setHeldInMemory(held).build();
  }

  private static GatewayHealth health(HealthReport report) {
    GatewayHealth.Builder health =
        GatewayHealth.newBuilder()
            .setDegraded(!report.healthy())
            .addAllProblems(report.problems())
            .setReconnects(report.connection().reconnects())
            .setRecordsPublished(report.connection().recordsPublished())
            .setPublishRatePerSecond(report.connection().publishRatePerSecond());
    for (HealthReport.Device device : report.devices()) {
      health.addDevices(
          DeviceHealth.newBuilder()
              .setDeviceId(device.id())
              .setReachable(device.reachable())
              .setErrors(device.errors())
              .setBadReadings(device.badReadings())
              .setLastError(device.lastError())
              .setLastErrorTimeMs(device.lastErrorTimeMs()));
    }
    return health.build();
  }
}
