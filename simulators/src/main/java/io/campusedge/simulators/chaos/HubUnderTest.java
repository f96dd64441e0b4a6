package io.campusedge.simulators.chaos;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.hub.CampusHub;
import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.v1.Record;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The real hub in this JVM (embedded HiveMQ CE, ingestion, H2 store) on a fixed port and data
 * directory, so it can be stopped and started again like a restarted server. What it stored is read
 * straight from its database.
 */
public final class HubUnderTest implements AutoCloseable {
  public static final String SITE = "THPT-FAULTS";

  private final Path dataDir;
  private final int mqttPort;
  private final Map<String, String> gateways;
  private final Map<String, Object> extra;
  private final String adminPassword = randomSecret();
  private RunningHub hub;

  /** {@code gateways}: id → password. */
  public HubUnderTest(Path dataDir, Map<String, String> gateways) throws IOException {
    this(dataDir, gateways, Map.of());
  }

  /** With further hub properties, e.g. {@code campusedge.sparkplug.*}. */
  public HubUnderTest(Path dataDir, Map<String, String> gateways, Map<String, Object> extra)
      throws IOException {
    this.dataDir = dataDir;
    this.mqttPort = freePort();
    this.gateways = Map.copyOf(gateways);
    this.extra = Map.copyOf(extra);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public int mqttPort() {
    return mqttPort;
  }

  public String brokerUrl() {
    return "tcp://127.0.0.1:" + mqttPort;
  }

  public void start() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("campusedge.data-dir", dataDir.toString());
    properties.put("micronaut.server.port", -1);
    properties.put("campusedge.broker.port", mqttPort);
    properties.put("campusedge.broker.bind-address", "127.0.0.1");
    List<Map<String, Object>> seeded = new ArrayList<>();
    gateways.forEach(
        (id, password) -> seeded.add(Map.of("id", id, "site", SITE, "password", password)));
    properties.put("campusedge.bootstrap.gateways", seeded);
    // Chosen here so the hub does not generate one and print it on the console.
    properties.put(HubProperties.ADMIN_PASSWORD, adminPassword);
    properties.putAll(extra);
    hub = CampusHub.start(properties);
  }

  public void stop() {
    if (hub != null) {
      hub.close();
      hub = null;
    }
  }

  public void restart() {
    stop();
    start();
  }

  @Override
  public void close() {
    stop();
  }

  /** Seqs stored for one gateway and epoch, in seq order. */
  public List<Long> storedSeqs(String gateway, long epoch) throws SQLException {
    String sql = "SELECT seq FROM stored_record WHERE gateway_id = ? AND epoch = ? ORDER BY seq";
    List<Long> seqs = new ArrayList<>();
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, gateway);
      select.setLong(2, epoch);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
    }
    return seqs;
  }

  /** Epochs the gateway's stored records belong to. */
  public List<Long> epochs(String gateway) throws SQLException {
    String sql = "SELECT DISTINCT epoch FROM stored_record WHERE gateway_id = ? ORDER BY epoch";
    List<Long> epochs = new ArrayList<>();
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, gateway);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          epochs.add(rs.getLong(1));
        }
      }
    }
    return epochs;
  }

  /** Every stored record of one gateway and epoch, in seq order. */
  public List<Record> storedRecords(String gateway, long epoch) throws SQLException {
    String sql =
        "SELECT payload FROM stored_record WHERE gateway_id = ? AND epoch = ? ORDER BY seq";
    List<Record> records = new ArrayList<>();
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, gateway);
      select.setLong(2, epoch);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          records.add(Record.parseFrom(rs.getBytes(1)));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new SQLException("a stored payload is not a Record", e);
    }
    return records;
  }

  /** Seqs the gateway told the hub it evicted (Batch.evicted), in seq order. */
  public List<Long> evictedSeqs(String gateway, long epoch) throws SQLException {
    String sql =
        "SELECT first_seq, last_seq FROM evicted_range WHERE gateway_id = ? AND epoch = ?"
            + " ORDER BY first_seq";
    List<Long> seqs = new ArrayList<>();
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, gateway);
      select.setLong(2, epoch);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          for (long seq = rs.getLong(1); seq <= rs.getLong(2); seq++) {
            seqs.add(seq);
          }
        }
      }
    }
    return seqs;
  }

  /**
   * Rows stored for (gateway, epoch) beyond one per seq: 0 unless ingestion stored a record twice.
   */
  public long duplicateRows(String gateway, long epoch) throws SQLException {
    String sql =
        "SELECT COUNT(*) - COUNT(DISTINCT seq) FROM stored_record WHERE gateway_id = ? AND epoch = ?";
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, gateway);
      select.setLong(2, epoch);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The hub's durable contiguous ack position for (gateway, epoch). */
  public Optional<Long> uptoSeq(String gateway, long epoch) throws SQLException {
    String sql = "SELECT upto_seq FROM gateway_stream WHERE gateway_id = ? AND epoch = ?";
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, gateway);
      select.setLong(2, epoch);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** The hub's newest alert of {@code kind} about {@code subject}: its state and detail. */
  public Optional<Alert> newestAlert(String kind, String subject) throws SQLException {
    String sql =
        "SELECT state, detail FROM alert WHERE kind = ? AND subject = ?"
            + " ORDER BY alert_id DESC LIMIT 1";
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, kind);
      select.setString(2, subject);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next()
            ? Optional.of(new Alert(rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    }
  }

  /** An alert as the hub keeps it: {@code OPEN}, acknowledged or cleared, and its text. */
  public record Alert(String state, String detail) {
    public boolean open() {
      return "OPEN".equals(state);
    }
  }

  private DataSource dataSource() {
    if (hub == null) {
      throw new IllegalStateException("the hub is not running");
    }
    return hub.applicationContext().getBean(DataSource.class);
  }
}
