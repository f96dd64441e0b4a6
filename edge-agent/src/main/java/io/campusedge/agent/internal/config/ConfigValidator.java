package io.campusedge.agent.internal.config;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.Durations;
import io.campusedge.agent.internal.update.Ed25519Keys;
import io.campusedge.agent.internal.uplink.TlsContexts;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.protos.v1.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns the file as written into an {@link AgentConfig}, or into line-numbered problems. */
public final class ConfigValidator {
  private static final Duration SHORTEST_POLL = Duration.ofMillis(100);
  private static final long MIN_BATCH_BYTES = 1024;
  private static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;

  private final Problems problems;
  private final Path baseDir;
  private final DriverRegistry drivers;

  /** Relative paths (dataDir, passwordFile) are resolved against {@code baseDir}. */
  public ConfigValidator(Problems problems, Path baseDir, DriverRegistry drivers) {
    this.problems = problems;
    this.baseDir = baseDir;
    this.drivers = drivers;
  }

  /** Empty when there were problems; they are in the {@link Problems} given at construction. */
  public Optional<AgentConfig> validate(RawConfig raw) {
    if (raw == null) {
      problems.addAtLine(1, "the file is empty");
      return Optional.empty();
    }
    String site = segment("/site", "site", raw.site());
    String gatewayId = segment("/gatewayId", "gatewayId", raw.gatewayId());
    Path dataDir = dataDir(raw.dataDir());
    AgentConfig.Broker broker = broker(raw.broker());
    List<AgentConfig.Room> rooms = rooms(raw.rooms());
    List<AgentConfig.Device> devices = devices(raw.devices(), rooms);
    AgentConfig.UplinkSettings uplink = uplink(raw.uplink());
    AgentConfig.ClockSettings clock = clock(raw.clock());
    AgentConfig.StatusSettings status = status(raw.status());
    AgentConfig.OutboxSettings outbox = outbox(raw.outbox());
    Optional<SiteKey> siteKey = siteKey(raw.siteKey(), devices);
    AgentConfig.UpdateSettings update = update(raw.update());
    if (!problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AgentConfig(
            site, gatewayId, dataDir, broker, rooms, devices, uplink, clock, outbox, siteKey,
            status, update));
  }

  private AgentConfig.UpdateSettings update(RawConfig.Update raw) {
    AgentConfig.UpdateSettings defaults = AgentConfig.UpdateSettings.DISABLED;
    if (raw == null) {
      return defaults;
    }
    List<PublicKey> keys = new ArrayList<>();
    List<String> files = raw.trustedKeys() == null ? List.of() : raw.trustedKeys();
    for (int i = 0; i < files.size(); i++) {
      String pointer = "/update/trustedKeys/" + i;
      String file = files.get(i);
      try {
        keys.add(Ed25519Keys.readPublic(baseDir.resolve(file.trim())));
      } catch (IOException | InvalidPathException | NullPointerException e) {
        problems.add(pointer, "update.trustedKeys[" + i + "] '" + file + "' cannot be read: " + e);
      } catch (GeneralSecurityException e) {
        problems.add(
            pointer,
            "update.trustedKeys["
                + i
                + "] is not an Ed25519 public key (PEM 'BEGIN PUBLIC KEY'): "
                + e.getMessage());
      }
    }
    Duration confirmWithin =
        updateDuration(
            "confirmWithin", raw.confirmWithin(), defaults.confirmWithin(), Duration.ofSeconds(1));
    Duration timeout =
        updateDuration(
            "downloadTimeout",
            raw.downloadTimeout(),
            defaults.downloadTimeout(),
            Duration.ofSeconds(1));
    int maxAttempts = raw.maxAttempts() == null ? defaults.maxAttempts() : raw.maxAttempts();
    if (maxAttempts < 1 || maxAttempts > 9) {
      problems.add(
          "/update/maxAttempts", "update.maxAttempts must be 1-9 (starts of a new version)");
    }
    long maxBytes = defaults.maxBundleBytes();
    if (raw.maxBundleSize() != null) {
      Optional<Long> bytes = ByteSizes.parse(raw.maxBundleSize());
      if (bytes.isEmpty() || bytes.get() < 1024) {
        problems.add(
            "/update/maxBundleSize",
            "update.maxBundleSize '"
                + raw.maxBundleSize()
                + "' must be a size of at least 1KiB such as 128MiB");
      } else {
        maxBytes = bytes.get();
      }
    }
    Optional<Path> caFile = Optional.empty();
    if (raw.caFile() != null) {
      try {
        Path path = baseDir.resolve(raw.caFile().trim());
        caFile = Optional.of(path);
        TlsContexts.build(new AgentConfig.TlsFiles(caFile, Optional.empty(), Optional.empty()));
      } catch (InvalidPathException | IOException | GeneralSecurityException e) {
        problems.add(
            "/update/caFile",
            "update.caFile '" + raw.caFile() + "' cannot be used: " + e.getMessage());
      }
    }
    boolean allowHttp = raw.allowInsecureHttp() != null && raw.allowInsecureHttp();
    return new AgentConfig.UpdateSettings(
        keys, confirmWithin, maxAttempts, maxBytes, timeout, allowHttp, caFile);
  }

  private Duration updateDuration(String field, String value, Duration fallback, Duration least) {
    if (value == null) {
      return fallback;
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty() || parsed.get().compareTo(least) < 0) {
      problems.add(
          "/update/" + field,
          "update." + field + " '" + value + "' must be a duration of at least 1s such as 10m");
      return fallback;
    }
    return parsed.get();
  }

  private AgentConfig.ClockSettings clock(RawConfig.Clock raw) {
    if (raw == null) {
      return AgentConfig.ClockSettings.DEFAULTS;
    }
    boolean assumeSynced = raw.assumeSynced() != null && raw.assumeSynced();
    AgentConfig.SyncCheck check = AgentConfig.SyncCheck.AUTO;
    if (raw.syncCheck() != null) {
      try {
        check = AgentConfig.SyncCheck.valueOf(raw.syncCheck().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            "/clock/syncCheck",
            "clock.syncCheck '" + raw.syncCheck() + "' must be auto, timesyncd or timedatectl");
      }
    }
    return new AgentConfig.ClockSettings(assumeSynced, check);
  }

  private AgentConfig.StatusSettings status(RawConfig.Status raw) {
    String listen =
        raw == null || raw.listen() == null
            ? AgentConfig.StatusSettings.DEFAULT_LISTEN
            : raw.listen().trim();
    if (listen.equalsIgnoreCase("off")) {
      return AgentConfig.StatusSettings.DISABLED;
    }
    int colon = listen.lastIndexOf(':');
    String host = colon < 0 ? "" : listen.substring(0, colon);
    String port = colon < 0 ? "" : listen.substring(colon + 1);
    if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
      problems.add(
          "/status/listen",
          "status.listen '"
              + listen
              + "' must be address:port such as 127.0.0.1:8181 (this gateway only),"
              + " 0.0.0.0:8181 (phones on the room's network) or off");
      return AgentConfig.StatusSettings.DISABLED;
    }
    return new AgentConfig.StatusSettings(
        Optional.of(InetSocketAddress.createUnresolved(host, Integer.parseInt(port))));
  }

  /**
   * The card-hashing key from {@code siteKey.file} (base64, at least 16 bytes, readable only by the
   * service). Required as soon as one configured device hashes card UIDs.
   */
  private Optional<SiteKey> siteKey(RawConfig.SiteKeyFile raw, List<AgentConfig.Device> devices) {
    if (raw == null) {
      devices.stream()
          .filter(d -> drivers.find(d.type()).map(DriverFactory::needsSiteKey).orElse(false))
          .findFirst()
          .ifPresent(
              reader ->
                  problems.add(
                      "/siteKey",
                      "siteKey is required: card reader '"
                          + reader.id()
                          + "' hashes card UIDs with the school's site key (provision the"
                          + " gateway or set siteKey.id and siteKey.file)"));
      return Optional.empty();
    }
    if (raw.id() == null || raw.id().isBlank()) {
      problems.add("/siteKey/id", "siteKey.id is required (e.g. k1), so keys can be rotated");
    }
    if (raw.file() == null || raw.file().isBlank()) {
      problems.add("/siteKey/file", "siteKey.file is required");
      return Optional.empty();
    }
    byte[] key;
    try {
      Path path = baseDir.resolve(raw.file());
      if (readableByOthers(path)) {
        problems.add(
            "/siteKey/file",
            "siteKey.file '" + raw.file() + "' is readable by other users; chmod 600 it");
        return Optional.empty();
      }
      key = Base64.getDecoder().decode(Files.readString(path, StandardCharsets.US_ASCII).strip());
    } catch (IOException | InvalidPathException e) {
      problems.add("/siteKey/file", "siteKey.file '" + raw.file() + "' cannot be read: " + e);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      problems.add("/siteKey/file", "siteKey.file '" + raw.file() + "' is not base64");
      return Optional.empty();
    }
    if (key.length < 16) {
      problems.add(
          "/siteKey/file",
          "siteKey.file '" + raw.file() + "' holds " + key.length + " bytes; at least 16 needed");
      return Optional.empty();
    }
    return raw.id() == null || raw.id().isBlank()
        ? Optional.empty()
        : Optional.of(new SiteKey(raw.id(), key));
  }

  private static boolean readableByOthers(Path path) throws IOException {
    try {
      return Files.getPosixFilePermissions(path).contains(PosixFilePermission.OTHERS_READ);
    } catch (UnsupportedOperationException notPosix) {
      return false;
    }
  }

  private String segment(String pointer, String field, String value) {
    if (value == null) {
      problems.add(pointer, field + " is required");
      return null;
    }
    try {
      return Topics.requireSegment(field, value);
    } catch (IllegalArgumentException e) {
      problems.add(pointer, e.getMessage());
      return null;
    }
  }

  private Path dataDir(String value) {
    if (value == null || value.isBlank()) {
      problems.add("/dataDir", "dataDir is required (the outbox lives there)");
      return null;
    }
    try {
      return baseDir.resolve(value.trim());
    } catch (InvalidPathException e) {
      problems.add("/dataDir", "dataDir '" + value + "' is not a valid path");
      return null;
    }
  }

  private AgentConfig.Broker broker(RawConfig.Broker raw) {
    if (raw == null) {
      problems.add("/broker", "broker is required");
      return null;
    }
    if (raw.url() == null || !(raw.url().startsWith("tcp://") || raw.url().startsWith("ssl://"))) {
      problems.add("/broker/url", "broker.url must start with tcp:// or ssl://");
    }
    if (raw.password() != null && raw.passwordFile() != null) {
      problems.add("/broker/passwordFile", "broker: give password or passwordFile, not both");
      return null;
    }
    Optional<String> password = Optional.ofNullable(raw.password());
    if (raw.passwordFile() != null) {
      password = readPasswordFile(raw.passwordFile());
    }
    AgentConfig.TlsFiles tls = tlsFiles(raw);
    return new AgentConfig.Broker(raw.url(), Optional.ofNullable(raw.username()), password, tls);
  }

  private AgentConfig.TlsFiles tlsFiles(RawConfig.Broker raw) {
    boolean ssl = raw.url() != null && raw.url().startsWith("ssl://");
    if (!ssl) {
      for (String[] field :
          new String[][] {
            {"caFile", raw.caFile()},
            {"clientCertFile", raw.clientCertFile()},
            {"clientKeyFile", raw.clientKeyFile()}
          }) {
        if (field[1] != null) {
          problems.add(
              "/broker/" + field[0], "broker." + field[0] + " is only used with an ssl:// url");
        }
      }
      return AgentConfig.TlsFiles.NONE;
    }
    if ((raw.clientCertFile() == null) != (raw.clientKeyFile() == null)) {
      String missing = raw.clientCertFile() == null ? "clientCertFile" : "clientKeyFile";
      problems.add(
          "/broker/" + (raw.clientCertFile() == null ? "clientKeyFile" : "clientCertFile"),
          "broker: a client certificate needs both clientCertFile and clientKeyFile ("
              + missing
              + " is missing)");
    }
    AgentConfig.TlsFiles tls =
        new AgentConfig.TlsFiles(
            tlsFile("caFile", raw.caFile()),
            tlsFile("clientCertFile", raw.clientCertFile()),
            tlsFile("clientKeyFile", raw.clientKeyFile()));
    if (problems.isEmpty()) {
      try {
        TlsContexts.build(tls);
      } catch (GeneralSecurityException | IOException e) {
        problems.add("/broker/caFile", "broker TLS files cannot be used: " + e.getMessage());
      }
    }
    return tls;
  }

  private Optional<Path> tlsFile(String field, String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      Path path = baseDir.resolve(value.trim());
      if (!Files.isReadable(path)) {
        problems.add("/broker/" + field, "broker." + field + " '" + value + "' cannot be read");
      }
      return Optional.of(path);
    } catch (InvalidPathException e) {
      problems.add("/broker/" + field, "broker." + field + " '" + value + "' is not a valid path");
      return Optional.empty();
    }
  }

  private Optional<String> readPasswordFile(String file) {
    try {
      Path path = baseDir.resolve(file);
      return Optional.of(Files.readString(path, StandardCharsets.UTF_8).strip());
    } catch (IOException | InvalidPathException e) {
      problems.add(
          "/broker/passwordFile", "broker.passwordFile '" + file + "' cannot be read: " + e);
      return Optional.empty();
    }
  }

  private List<AgentConfig.Room> rooms(List<RawConfig.Room> raw) {
    List<AgentConfig.Room> rooms = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      problems.add("/rooms", "rooms must list at least one room");
      return rooms;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      RawConfig.Room room = raw.get(i);
      String pointer = "/rooms/" + i;
      if (room == null || room.id() == null || room.id().isBlank()) {
        problems.add(pointer, "rooms[" + i + "].id is required");
        continue;
      }
      if (!seen.add(room.id())) {
        problems.add(pointer + "/id", "rooms[" + i + "].id '" + room.id() + "' is listed twice");
      }
      rooms.add(new AgentConfig.Room(room.id(), room.name() == null ? room.id() : room.name()));
    }
    return rooms;
  }

  private List<AgentConfig.Device> devices(
      List<RawConfig.Device> raw, List<AgentConfig.Room> rooms) {
    List<AgentConfig.Device> devices = new ArrayList<>();
    if (raw == null) {
      return devices;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String pointer = "/devices/" + i;
      String field = "devices[" + i + "]";
      RawConfig.Device device = raw.get(i);
      if (device == null || device.id() == null || device.id().isBlank()) {
        problems.add(pointer, field + ".id is required");
        continue;
      }
      if (!seen.add(device.id())) {
        problems.add(
            pointer + "/id", field + ".id '" + device.id() + "' is already used by another device");
      }
      Optional<String> room = deviceRoom(pointer, field, device, rooms);
      Optional<Duration> poll = pollInterval(pointer, field, device.pollInterval());
      if (device.type() == null) {
        problems.add(pointer, field + ".type is required");
        continue;
      }
      if (room.isEmpty() || poll.isEmpty()) {
        continue;
      }
      AgentConfig.Device valid =
          new AgentConfig.Device(
              device.id(),
              device.type(),
              room.get(),
              poll.get(),
              device.params() == null ? Map.of() : device.params());
      if (driverAccepts(pointer, valid)) {
        devices.add(valid);
      }
    }
    return devices;
  }

  private Optional<String> deviceRoom(
      String pointer, String field, RawConfig.Device device, List<AgentConfig.Room> rooms) {
    if (device.room() == null) {
      if (rooms.size() == 1) {
        return Optional.of(rooms.get(0).id());
      }
      problems.add(pointer, field + ".room is required when the gateway serves several rooms");
      return Optional.empty();
    }
    boolean known = rooms.stream().anyMatch(room -> room.id().equals(device.room()));
    if (!known) {
      List<String> ids = rooms.stream().map(AgentConfig.Room::id).toList();
      problems.add(
          pointer + "/room",
          field + ".room '" + device.room() + "' is not one of the rooms " + ids);
      return Optional.empty();
    }
    return Optional.of(device.room());
  }

  private Optional<Duration> pollInterval(String pointer, String field, String value) {
    if (value == null) {
      return Optional.of(Duration.ofSeconds(10));
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty() || parsed.get().compareTo(SHORTEST_POLL) < 0) {
      problems.add(
          pointer + "/pollInterval",
          field
              + ".pollInterval '"
              + value
              + "' must be a duration of at least 100ms such as 500ms, 10s, 5m or PT10S");
      return Optional.empty();
    }
    return parsed;
  }

  private boolean driverAccepts(String pointer, AgentConfig.Device device) {
    String where =
        drivers.find(device.type()).isPresent() ? pointer + "/params" : pointer + "/type";
    try (DeviceDriver driver = drivers.create(device.toSpec())) {
      return driver != null;
    } catch (DriverConfigException e) {
      problems.add(where, e.getMessage());
      return false;
    }
  }

  private AgentConfig.UplinkSettings uplink(RawConfig.Uplink raw) {
    AgentConfig.UplinkSettings defaults = AgentConfig.UplinkSettings.DEFAULTS;
    if (raw == null) {
      return defaults;
    }
    int maxBatch =
        raw.maxBatchRecords() == null ? defaults.maxBatchRecords() : raw.maxBatchRecords();
    if (maxBatch < 1 || maxBatch > 10_000) {
      problems.add("/uplink/maxBatchRecords", "uplink.maxBatchRecords must be 1-10000");
    }
    int maxBytes = batchBytes(raw.maxBatchBytes(), defaults.maxBatchBytes());
    Duration linger = lingerOf(raw.linger(), defaults.linger());
    Duration ackTimeout = positive("ackTimeout", raw.ackTimeout(), defaults.ackTimeout());
    Duration reconnect =
        positive("reconnectMaxDelay", raw.reconnectMaxDelay(), defaults.reconnectMaxDelay());
    Duration heartbeat = heartbeatOf(raw.heartbeatInterval(), defaults.heartbeatInterval());
    AgentConfig.UplinkSettings settings =
        new AgentConfig.UplinkSettings(
            maxBatch, maxBytes, linger, ackTimeout, reconnect, heartbeat);
    String protocol = raw.protocol() == null ? "native" : raw.protocol().trim();
    if (protocol.equals("sparkplug")) {
      return sparkplug(raw.sparkplug()).map(settings::withSparkplug).orElse(settings);
    }
    if (!protocol.equals("native")) {
      problems.add(
          "/uplink/protocol",
          "uplink.protocol '" + raw.protocol() + "' must be native or sparkplug");
    } else if (raw.sparkplug() != null) {
      problems.add(
          "/uplink/sparkplug",
          "uplink.sparkplug is set but uplink.protocol is not sparkplug; add protocol: sparkplug");
    }
    return settings;
  }

  private Optional<AgentConfig.SparkplugSettings> sparkplug(RawConfig.Sparkplug raw) {
    if (raw == null) {
      problems.add(
          "/uplink/protocol",
          "uplink.protocol sparkplug needs uplink.sparkplug with groupId and edgeNodeId");
      return Optional.empty();
    }
    String group = segment("/uplink/sparkplug/groupId", "uplink.sparkplug.groupId", raw.groupId());
    String node =
        segment("/uplink/sparkplug/edgeNodeId", "uplink.sparkplug.edgeNodeId", raw.edgeNodeId());
    String host =
        raw.primaryHostId() == null
            ? AgentConfig.SparkplugSettings.DEFAULT_PRIMARY_HOST
            : segment(
                "/uplink/sparkplug/primaryHostId",
                "uplink.sparkplug.primaryHostId",
                raw.primaryHostId());
    AgentConfig.AckMode ackMode = AgentConfig.AckMode.CAMPUSEDGE;
    if (raw.ackMode() != null) {
      try {
        ackMode = AgentConfig.AckMode.valueOf(raw.ackMode().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            "/uplink/sparkplug/ackMode",
            "uplink.sparkplug.ackMode '"
                + raw.ackMode()
                + "' must be campusedge (the CampusEdge hub's ack) or publish (the broker's"
                + " PUBACK, for a foreign primary host)");
      }
    }
    return Optional.of(new AgentConfig.SparkplugSettings(group, node, host, ackMode));
  }

  private Duration heartbeatOf(String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty() || parsed.get().compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(
          "/uplink/heartbeatInterval",
          "uplink.heartbeatInterval '"
              + value
              + "' must be a duration of at least 1s such as 60s; keep it at or below the hub's"
              + " campusedge.gateways.heartbeat-interval");
      return fallback;
    }
    return parsed.get();
  }

  private int batchBytes(String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    Optional<Long> bytes = ByteSizes.parse(value);
    if (bytes.isEmpty() || bytes.get() < MIN_BATCH_BYTES || bytes.get() > MAX_BATCH_BYTES) {
      problems.add(
          "/uplink/maxBatchBytes",
          "uplink.maxBatchBytes '"
              + value
              + "' must be a size from 1KiB to 16MiB such as 262144, 256KiB or 1MiB");
      return fallback;
    }
    return bytes.get().intValue();
  }

  private Duration lingerOf(String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty() || parsed.get().compareTo(Duration.ofSeconds(10)) > 0) {
      problems.add(
          "/uplink/linger",
          "uplink.linger '" + value + "' must be a duration from 0ms to 10s such as 200ms");
      return fallback;
    }
    return parsed.get();
  }

  private AgentConfig.OutboxSettings outbox(RawConfig.Outbox raw) {
    AgentConfig.OutboxSettings defaults = AgentConfig.OutboxSettings.DEFAULTS;
    if (raw == null) {
      return defaults;
    }
    long maxBytes = outboxSize("maxBytes", raw.maxBytes(), defaults.maxBytes());
    long reserve =
        outboxSize("attendanceReserve", raw.attendanceReserve(), defaults.attendanceReserveBytes());
    if (reserve >= maxBytes) {
      problems.add(
          "/outbox/attendanceReserve",
          "outbox.attendanceReserve must be less than outbox.maxBytes");
    }
    Duration maxAge = defaults.maxAge();
    if (raw.maxAge() != null) {
      Optional<Duration> parsed = Durations.parse(raw.maxAge());
      if (parsed.isEmpty() || parsed.get().compareTo(Duration.ofMinutes(1)) < 0) {
        problems.add(
            "/outbox/maxAge",
            "outbox.maxAge '" + raw.maxAge() + "' must be a duration of at least 1m such as 720h");
      } else {
        maxAge = parsed.get();
      }
    }
    int keepEvery = raw.thinKeepEvery() == null ? defaults.thinKeepEvery() : raw.thinKeepEvery();
    if (keepEvery < 2 || keepEvery > 1000) {
      problems.add("/outbox/thinKeepEvery", "outbox.thinKeepEvery must be 2-1000");
    }
    return new AgentConfig.OutboxSettings(maxBytes, reserve, maxAge, keepEvery);
  }

  private long outboxSize(String field, String value, long fallback) {
    if (value == null) {
      return fallback;
    }
    Optional<Long> bytes = ByteSizes.parse(value);
    if (bytes.isEmpty() || bytes.get() < 1024) {
      problems.add(
          "/outbox/" + field,
          "outbox." + field + " '" + value + "' must be a size of at least 1KiB such as 512MiB");
      return fallback;
    }
    return bytes.get();
  }

  private Duration positive(String field, String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    Optional<Duration> parsed = Durations.parse(value);
    if (parsed.isEmpty() || parsed.get().isZero()) {
      problems.add(
          "/uplink/" + field,
          "uplink." + field + " '" + value + "' must be a positive duration such as 30s or PT30S");
      return fallback;
    }
    return parsed.get();
  }
}
