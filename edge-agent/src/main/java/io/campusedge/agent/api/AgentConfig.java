package io.campusedge.agent.api;

import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.SiteKey;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
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
    ClockSettings clock,
    OutboxSettings outbox,
    Optional<SiteKey> siteKey,
    StatusSettings status,
    UpdateSettings update) {

  public AgentConfig {
    rooms = List.copyOf(rooms);
    devices = List.copyOf(devices);
  }

  /** Without signed updates (no trusted update keys). */
  public AgentConfig(
      String site,
      String gatewayId,
      Path dataDir,
      Broker broker,
      List<Room> rooms,
      List<Device> devices,
      UplinkSettings uplink,
      ClockSettings clock,
      OutboxSettings outbox,
      Optional<SiteKey> siteKey,
      StatusSettings status) {
    this(
        site,
        gatewayId,
        dataDir,
        broker,
        rooms,
        devices,
        uplink,
        clock,
        outbox,
        siteKey,
        status,
        UpdateSettings.DISABLED);
  }

  /** Without a local status page (agents built in code, e.g. several in one JVM). */
  public AgentConfig(
      String site,
      String gatewayId,
      Path dataDir,
      Broker broker,
      List<Room> rooms,
      List<Device> devices,
      UplinkSettings uplink,
      ClockSettings clock,
      OutboxSettings outbox,
      Optional<SiteKey> siteKey) {
    this(
        site,
        gatewayId,
        dataDir,
        broker,
        rooms,
        devices,
        uplink,
        clock,
        outbox,
        siteKey,
        StatusSettings.DISABLED);
  }

  /** The same gateway with other rooms and devices: what a live configuration change may alter. */
  public AgentConfig withRoomsAndDevices(List<Room> newRooms, List<Device> newDevices) {
    return new AgentConfig(
        site,
        gatewayId,
        dataDir,
        broker,
        newRooms,
        newDevices,
        uplink,
        clock,
        outbox,
        siteKey,
        status,
        update);
  }

  /** Where installed agent versions, the pending update and the last rollback live. */
  public Path versionsDir() {
    return dataDir.resolve("versions");
  }

  /**
   * Signed updates offered by the hub: the Ed25519 public keys a bundle's manifest must be signed
   * with (none: updates are refused), how long a new version has to come online and get data
   * acknowledged before it is rolled back, how many starts it gets, the largest bundle, the
   * download timeout, whether plain http:// URLs are allowed (tests, lab networks) and the CA for
   * https (the JVM's trust store when absent).
   */
  public record UpdateSettings(
      List<PublicKey> trustedKeys,
      Duration confirmWithin,
      int maxAttempts,
      long maxBundleBytes,
      Duration downloadTimeout,
      boolean allowInsecureHttp,
      Optional<Path> caFile) {
    public static final Duration DEFAULT_CONFIRM_WITHIN = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final long DEFAULT_MAX_BUNDLE_BYTES = 128L << 20;
    public static final Duration DEFAULT_DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);
    public static final UpdateSettings DISABLED =
        new UpdateSettings(
            List.of(),
            DEFAULT_CONFIRM_WITHIN,
            DEFAULT_MAX_ATTEMPTS,
            DEFAULT_MAX_BUNDLE_BYTES,
            DEFAULT_DOWNLOAD_TIMEOUT,
            false,
            Optional.empty());

    public UpdateSettings {
      trustedKeys = List.copyOf(trustedKeys);
    }

    public boolean enabled() {
      return !trustedKeys.isEmpty();
    }
  }

  /**
   * The local status page for a technician's phone or {@code campusedge-agent status}: where it
   * listens ({@code 127.0.0.1:8181} by default; port 0 picks a free one), or empty when it is off.
   */
  public record StatusSettings(Optional<InetSocketAddress> listen) {
    public static final StatusSettings DISABLED = new StatusSettings(Optional.empty());
    public static final String DEFAULT_LISTEN = "127.0.0.1:8181";
  }

  /** Without a site key (a gateway without card readers). */
  public AgentConfig(
      String site,
      String gatewayId,
      Path dataDir,
      Broker broker,
      List<Room> rooms,
      List<Device> devices,
      UplinkSettings uplink,
      ClockSettings clock,
      OutboxSettings outbox) {
    this(site, gatewayId, dataDir, broker, rooms, devices, uplink, clock, outbox, Optional.empty());
  }

  /** With the default outbox bounds. */
  public AgentConfig(
      String site,
      String gatewayId,
      Path dataDir,
      Broker broker,
      List<Room> rooms,
      List<Device> devices,
      UplinkSettings uplink,
      ClockSettings clock) {
    this(site, gatewayId, dataDir, broker, rooms, devices, uplink, clock, OutboxSettings.DEFAULTS);
  }

  /**
   * Bounds of the outbox. Telemetry and events together may use {@code maxBytes} minus {@code
   * attendanceReserveBytes}; above that, telemetry is thinned to every {@code thinKeepEvery}-th
   * reading per series, then dropped oldest first, then events oldest first. Telemetry and events
   * older than {@code maxAge} are dropped too. Attendance is never evicted. Every eviction is
   * counted by lane.
   */
  public record OutboxSettings(
      long maxBytes, long attendanceReserveBytes, Duration maxAge, int thinKeepEvery) {
    public static final OutboxSettings DEFAULTS =
        new OutboxSettings(512L << 20, 16L << 20, Duration.ofDays(30), 4);
  }

  /** Where the outbox file lives: {@code {dataDir}/outbox.mv.db}. */
  public Path outboxFile() {
    return dataDir.resolve("outbox");
  }

  /**
   * The MQTT broker, this gateway's credentials and, for {@code ssl://} URLs, the TLS files. The
   * password never appears in toString.
   */
  public record Broker(
      String url, Optional<String> username, Optional<String> password, TlsFiles tls) {

    public Broker(String url, Optional<String> username, Optional<String> password) {
      this(url, username, password, TlsFiles.NONE);
    }

    public boolean usesTls() {
      return url.startsWith("ssl://");
    }

    @Override
    public String toString() {
      return "Broker[url="
          + url
          + ", username="
          + username.orElse("")
          + ", password="
          + (password.isPresent() ? "****" : "")
          + ", tls="
          + tls
          + "]";
    }
  }

  /**
   * PEM files for TLS: the CA that signed the broker's certificate (the JVM's trust store when
   * absent) and an optional client certificate with its PKCS#8 key.
   */
  public record TlsFiles(
      Optional<Path> caFile, Optional<Path> clientCertFile, Optional<Path> clientKeyFile) {
    public static final TlsFiles NONE =
        new TlsFiles(Optional.empty(), Optional.empty(), Optional.empty());
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
   * How batches are sent: at most {@code maxBatchRecords} records and {@code maxBatchBytes} bytes
   * per batch; a batch that is not full waits up to {@code linger} for more records; how long to
   * wait for the hub's ack before resending; the longest pause between connection attempts.
   */
  public record UplinkSettings(
      int maxBatchRecords,
      int maxBatchBytes,
      Duration linger,
      Duration ackTimeout,
      Duration reconnectMaxDelay,
      Duration heartbeatInterval,
      Optional<SparkplugSettings> sparkplug) {
    public static final int DEFAULT_MAX_BATCH_BYTES = 256 * 1024;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);
    // The hub's campusedge.gateways.heartbeat-interval default; it marks a gateway offline after
    // two silent intervals.
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(60);
    public static final UplinkSettings DEFAULTS =
        new UplinkSettings(500, Duration.ofSeconds(30), Duration.ofSeconds(10));

    /** The native CampusEdge protocol. */
    public UplinkSettings(
        int maxBatchRecords,
        int maxBatchBytes,
        Duration linger,
        Duration ackTimeout,
        Duration reconnectMaxDelay,
        Duration heartbeatInterval) {
      this(
          maxBatchRecords,
          maxBatchBytes,
          linger,
          ackTimeout,
          reconnectMaxDelay,
          heartbeatInterval,
          Optional.empty());
    }

    /** The same settings, speaking Sparkplug B as {@code settings} says. */
    public UplinkSettings withSparkplug(SparkplugSettings settings) {
      return new UplinkSettings(
          maxBatchRecords,
          maxBatchBytes,
          linger,
          ackTimeout,
          reconnectMaxDelay,
          heartbeatInterval,
          Optional.of(settings));
    }

    public UplinkSettings(int maxBatchRecords, Duration ackTimeout, Duration reconnectMaxDelay) {
      this(maxBatchRecords, DEFAULT_MAX_BATCH_BYTES, DEFAULT_LINGER, ackTimeout, reconnectMaxDelay);
    }

    public UplinkSettings(
        int maxBatchRecords,
        int maxBatchBytes,
        Duration linger,
        Duration ackTimeout,
        Duration reconnectMaxDelay) {
      this(
          maxBatchRecords, maxBatchBytes, linger, ackTimeout, reconnectMaxDelay, DEFAULT_HEARTBEAT);
    }
  }

  /**
   * The gateway as a Sparkplug B 3.0 edge node ({@code uplink.protocol: sparkplug}): its group and
   * edge node ids, the primary host application whose STATE it waits for, and what lets it delete
   * outbox rows.
   */
  public record SparkplugSettings(
      String groupId, String edgeNodeId, String primaryHostId, AckMode ackMode) {
    public static final String DEFAULT_PRIMARY_HOST = "campusedge-hub";
  }

  /** When a record sent as Sparkplug leaves the outbox. */
  public enum AckMode {
    /**
     * After the CampusEdge hub's {@code ack} for its seq, as natively: the hub stores it exactly
     * once, in order.
     */
    CAMPUSEDGE,
    /**
     * After the broker's PUBACK of the QoS 1 DDATA (a foreign primary host sends no ack): the
     * broker has it, but whether the host stored it is not known.
     */
    PUBLISH
  }

  /**
   * With {@code assumeSynced} false, whether the wall clock is synchronised is asked of the system
   * as {@code syncCheck} says; readings taken while it is not are flagged unsynced (with boot id
   * and monotonic time) so the hub can place them later.
   */
  public record ClockSettings(boolean assumeSynced, SyncCheck syncCheck) {
    public static final ClockSettings DEFAULTS = new ClockSettings(false);

    public ClockSettings(boolean assumeSynced) {
      this(assumeSynced, SyncCheck.AUTO);
    }
  }

  /** How the agent learns that the wall clock is synchronised. */
  public enum SyncCheck {
    /** The systemd-timesyncd marker file, else {@code timedatectl}. */
    AUTO,
    /** {@code /run/systemd/timesync/synchronized} exists (systemd-timesyncd). */
    TIMESYNCD,
    /** {@code timedatectl show -p NTPSynchronized} says yes (also chrony, ntpd). */
    TIMEDATECTL
  }
}
