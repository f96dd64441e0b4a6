package io.campusedge.agent.internal.health;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.OutboxException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the agent's parts together into a {@link HealthReport} and says what is wrong. */
public final class HealthReporter {
  private static final Logger log = LoggerFactory.getLogger(HealthReporter.class);
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Supplier<AgentConfig> config;
  private final Outbox outbox;
  private final AgentClock clock;
  private final DeviceHealthSink devices;
  private final UplinkCounters uplink;
  private final BooleanSupplier connected;
  private final String softwareVersion;

  public HealthReporter(
      Supplier<AgentConfig> config,
      Outbox outbox,
      AgentClock clock,
      DeviceHealthSink devices,
      UplinkCounters uplink,
      BooleanSupplier connected,
      String softwareVersion) {
    this.config = config;
    this.outbox = outbox;
    this.clock = clock;
    this.devices = devices;
    this.uplink = uplink;
    this.connected = connected;
    this.softwareVersion = softwareVersion;
  }

  public HealthReport report() {
    AgentConfig current = config.get();
    long now = clock.wall().millis();
    OutboxStatus status = outboxStatus();
    boolean online = connected.getAsBoolean();
    HealthReport.Clock clockState =
        new HealthReport.Clock(
            clock.isSynced(), clock.source(), clock.bootId(), clock.monotonicMs());
    List<HealthReport.Device> deviceList = devices(current);
    List<String> problems = new ArrayList<>();
    if (!online) {
      problems.add(
          "Not connected to the broker "
              + current.broker().url()
              + ": readings wait in the outbox and are sent when it is back");
    }
    status
        .diskFull()
        .ifPresent(
            full ->
                problems.add(
                    "Disk full since "
                        + HH_MM.format(full.since())
                        + ": readings are being dropped, card taps wait in memory. Free space"
                        + " on the disk of "
                        + current.dataDir()));
    if (!clockState.synced()) {
      problems.add(
          "Clock not synchronised (no NTP answer yet): readings are marked unsynced until it is");
    }
    for (HealthReport.Device device : deviceList) {
      if (!device.reachable()) {
        problems.add("Device " + device.id() + " is not reachable: " + device.unreachableReason());
      }
    }
    return new HealthReport(
        current.site(),
        current.gatewayId(),
        softwareVersion,
        now,
        problems.isEmpty(),
        problems,
        new HealthReport.Connection(
            online,
            current.broker().url(),
            uplink.reconnects(),
            uplink.recordsPublished(),
            uplink.ratePerSecond(),
            current.uplink().heartbeatInterval().toMillis()),
        outbox(status, now),
        clockState,
        deviceList);
  }

  private OutboxStatus outboxStatus() {
    try {
      return outbox.stats();
    } catch (OutboxException e) {
      log.warn("Outbox stats unavailable: {}", e.getMessage());
      return OutboxStatus.empty(outbox.epoch());
    }
  }

  private static HealthReport.Outbox outbox(OutboxStatus status, long now) {
    List<HealthReport.Lane> lanes = new ArrayList<>();
    for (Map.Entry<String, OutboxStatus.LaneStatus> entry : status.lanesSorted().entrySet()) {
      OutboxStatus.LaneStatus lane = entry.getValue();
      long oldest = lane.oldestPending().map(Instant::toEpochMilli).orElse(0L);
      lanes.add(
          new HealthReport.Lane(
              entry.getKey(),
              lane.pendingRecords(),
              lane.pendingBytes(),
              oldest,
              oldest == 0 ? 0 : Math.max(0, now - oldest),
              lane.evicted(),
              lane.droppedDiskFull(),
              lane.heldInMemory()));
    }
    return new HealthReport.Outbox(
        status.epoch(),
        status.pendingRecords(),
        status.pendingBytes(),
        status.oldestPending().map(Instant::toEpochMilli).orElse(0L),
        status.corruptFilesKept(),
        status.diskFull().isPresent(),
        status.diskFull().map(f -> f.since().toEpochMilli()).orElse(0L),
        lanes);
  }

  private List<HealthReport.Device> devices(AgentConfig current) {
    List<String> ids = current.devices().stream().map(AgentConfig.Device::id).toList();
    List<DeviceHealthSink.Snapshot> snapshots = devices.snapshot(ids);
    List<HealthReport.Device> list = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      AgentConfig.Device device = current.devices().get(i);
      DeviceHealthSink.Snapshot health = snapshots.get(i);
      list.add(
          new HealthReport.Device(
              device.id(),
              device.type(),
              device.room(),
              device.pollInterval().toMillis(),
              health.reachable(),
              health.unreachableReason(),
              health.errors(),
              health.badReadings(),
              health.lastError(),
              health.lastErrorTimeMs()));
    }
    return list;
  }
}
