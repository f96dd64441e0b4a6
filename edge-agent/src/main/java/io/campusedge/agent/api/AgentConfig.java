package io.campusedge.agent.api;

import io.campusedge.drivers.api.DeviceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A gateway's configuration, validated by {@link AgentConfigLoader}. */
public record AgentConfig(
    String site,
    String gatewayId,
    Path dataDir,
    Broker broker,
    List<Room> rooms,
    List<Device> devices,
    UplinkSettings uplink,
    ClockSettings clock) {

  public AgentConfig {
    rooms = List.copyOf(rooms);
    devices = List.copyOf(devices);
  }

  /** Where the outbox file lives: {@code {dataDir}/outbox.mv.db}. */
  public Path outboxFile() {
    return dataDir.resolve("outbox");
  }

  /** The MQTT broker and this gateway's credentials. The password never appears in toString. */
  public record Broker(String url, Optional<String> username, Optional<String> password) {
    @Override
    public String toString() {
      return "Broker[url="
          + url
          + ", username="
          + username.orElse("")
          + ", password="
          + (password.isPresent() ? "****" : "")
          + "]";
    }
  }

  public record Room(String id, String name) {}

  public record Device(
      String id, String type, String room, Duration pollInterval, Map<String, Object> params) {
    public Device {
      params = Map.copyOf(params);
    }

    public DeviceSpec toSpec() {
      return new DeviceSpec(id, type, room, pollInterval, params);
    }
  }

  /**
   * How batches are sent: records per batch, how long to wait for the hub's ack before resending,
   * and the longest pause between connection attempts.
   */
  public record UplinkSettings(
      int maxBatchRecords, Duration ackTimeout, Duration reconnectMaxDelay) {
    public static final UplinkSettings DEFAULTS =
        new UplinkSettings(500, Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  /** With {@code assumeSynced} false, the clock is synced when systemd-timesyncd says so. */
  public record ClockSettings(boolean assumeSynced) {
    public static final ClockSettings DEFAULTS = new ClockSettings(false);
  }
}
