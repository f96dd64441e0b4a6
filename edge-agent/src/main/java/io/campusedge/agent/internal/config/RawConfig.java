package io.campusedge.agent.internal.config;

import java.util.List;
import java.util.Map;

/** The YAML file as written, before validation. Absent fields are null. */
public record RawConfig(
    String site,
    String gatewayId,
    String dataDir,
    Broker broker,
    List<Room> rooms,
    List<Device> devices,
    Uplink uplink,
    Clock clock,
    Outbox outbox,
    SiteKeyFile siteKey,
    Status status,
    Update update) {

  public record Broker(
      String url,
      String username,
      String password,
      String passwordFile,
      String caFile,
      String clientCertFile,
      String clientKeyFile) {
    @Override
    public String toString() {
      return "Broker[url=" + url + ", username=" + username + "]";
    }
  }

  public record Room(String id, String name) {}

  public record Device(
      String id, String type, String room, String pollInterval, Map<String, Object> params) {}

  public record Uplink(
      Integer maxBatchRecords,
      String maxBatchBytes,
      String linger,
      String ackTimeout,
      String reconnectMaxDelay,
      String heartbeatInterval,
      String protocol,
      Sparkplug sparkplug) {}

  /** {@code uplink.sparkplug}, read when {@code uplink.protocol} is {@code sparkplug}. */
  public record Sparkplug(
      String groupId, String edgeNodeId, String primaryHostId, String ackMode) {}

  /** Signed updates; see AgentConfig.UpdateSettings. */
  public record Update(
      List<String> trustedKeys,
      String confirmWithin,
      Integer maxAttempts,
      String maxBundleSize,
      String downloadTimeout,
      Boolean allowInsecureHttp,
      String caFile) {}

  public record Clock(Boolean assumeSynced, String syncCheck) {}

  /**
   * {@code listen: 127.0.0.1:8181}, {@code 0.0.0.0:8181} for phones on the room's network, or off.
   */
  public record Status(String listen) {}

  /** The card-hashing key: an id and a file holding the key in base64. */
  public record SiteKeyFile(String id, String file) {}

  public record Outbox(
      String maxBytes, String attendanceReserve, String maxAge, Integer thinKeepEvery) {}
}
