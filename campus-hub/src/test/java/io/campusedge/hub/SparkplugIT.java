package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub as a Sparkplug B host with its embedded broker: a Sparkplug edge node built from the
 * specification's rules (the combined feed with native and Kura gateways is InteropIT); seq gaps
 * and data before a birth get a rebirth command; a stale bdSeq death is ignored, the real one marks
 * the node offline; the broker keeps an edge node to its own topics.
 */
class SparkplugIT {
  private static final String SITE = "s1";
  private static final String GROUP = "school1";
  private static final String PASSWORD = "sparkplug-admin-password";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private RunningHub hub;
  private int brokerPort;
  private URI base;
  private String admin;
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void startHub() throws Exception {
    brokerPort = TestHubs.freePort();
    Map<String, Object> properties =
        TestHubs.properties(
            dir,
            brokerPort,
            PASSWORD,
            List.of(
                Map.of("id", "gw-native", "site", SITE, "password", "secret-native"),
                Map.of("id", "gw-spb", "site", SITE, "password", "secret-spb"),
                Map.of("id", "gw-spb2", "site", SITE, "password", "secret-spb2")));
    properties.put("campusedge.sparkplug.enabled", true);
    properties.put("campusedge.sparkplug.host-id", "campusedge-hub");
    properties.put("campusedge.sparkplug.rebirth-interval", "0s");
    properties.put(
        "campusedge.sparkplug.edge-nodes",
        List.of(
            Map.of(
                "group", GROUP,
                "edge-node", "plc-b201",
                "site", SITE,
                "gateway", "gw-spb",
                "room", "B201",
                "room-name", "Chemistry lab"),
            Map.of(
                "group", GROUP,
                "edge-node", "plc-b202",
                "site", SITE,
                "gateway", "gw-spb2",
                "room", "B202")));
    hub = CampusHub.start(properties);
    base = hub.httpUrl();
    admin = HubApi.token(base, "admin", PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable client : clients) {
      try {
        client.close();
      } catch (Exception e) {
        // already crashed
      }
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void seqGapAsksForRebirthAndTheRebirthIsTakenUp() throws Exception {
    TestSparkplugNode node = node("plc-b201", "gw-spb", "secret-spb", 0);
    awaitHostOnline(node);
    node.birth(0, co2Definition(7, 700.0));
    node.data(1, Payload.Metric.newBuilder().setAlias(7).setDoubleValue(701.0));

    node.data(3, Payload.Metric.newBuilder().setAlias(7).setDoubleValue(703.0)); // 2 is missing

    await().atMost(TIMEOUT).until(node::rebirthRequested);
    node.commands.clear();
    node.birth(0, co2Definition(7, 800.0));
    node.data(1, Payload.Metric.newBuilder().setAlias(7).setDoubleValue(801.0));
    await().atMost(TIMEOUT).until(() -> value(rooms(), "B201", "co2") == 801.0);
    assertThat(node.commands).isEmpty();
  }

  @Test
  void dataBeforeBirthIsDroppedWithARebirthRequest() throws Exception {
    TestSparkplugNode node = node("plc-b201", "gw-spb", "secret-spb", 0);
    awaitHostOnline(node);

    node.data(5, Payload.Metric.newBuilder().setName("co2").setDatatype(10).setDoubleValue(1.0));

    await().atMost(TIMEOUT).until(node::rebirthRequested);
    assertThat(readingCount("gw-spb")).isZero();
  }

  @Test
  void staleBdSeqDeathIsIgnoredAndTheRealWillMarksTheNodeOffline() throws Exception {
    TestSparkplugNode first = node("plc-b202", "gw-spb2", "secret-spb2", 0);
    awaitHostOnline(first);
    first.birth(0, co2Definition(7, 500.0));
    await().atMost(TIMEOUT).until(() -> online("gw-spb2"));

    // The node reconnects with the next bdSeq and is born again; the old session's NDEATH (bdSeq
    // 0) reaches the host after the new birth.
    TestSparkplugNode second = node("plc-b202", "gw-spb2", "secret-spb2", 1);
    second.birth(0, co2Definition(7, 510.0));
    await().atMost(TIMEOUT).until(() -> value(rooms(), "B202", "co2") == 510.0);
    second.publish("NDEATH", TestSparkplugNode.death(0));
    second.data(1, Payload.Metric.newBuilder().setAlias(7).setDoubleValue(520.0));

    await().atMost(TIMEOUT).until(() -> value(rooms(), "B202", "co2") == 520.0);
    assertThat(online("gw-spb2")).as("stale NDEATH ignored").isTrue();

    second.crash(); // the broker sends the will: NDEATH with bdSeq 1
    await().atMost(TIMEOUT).until(() -> !online("gw-spb2"));
  }

  @Test
  void hostStateIsRetainedOnlineAndGoesOfflineWithTheSameTimestampWhenTheHubStops()
      throws Exception {
    TestSparkplugNode node = node("plc-b201", "gw-spb", "secret-spb", 0);
    awaitHostOnline(node);
    String birth = node.hostStates.get(0);
    assertThat(birth).matches("\\{\"online\":true,\"timestamp\":\\d+\\}");
    String timestamp = birth.substring(birth.indexOf("\"timestamp\""));

    // A clean stop: the hub publishes its death itself (the will is not sent on DISCONNECT).
    hub.close();
    hub = null;

    await().atMost(TIMEOUT).until(() -> node.hostStates.contains("{\"online\":false," + timestamp));
  }

  @Test
  void brokerKeepsAnEdgeNodeToItsOwnTopics() throws Exception {
    TestSparkplugNode node = node("plc-b201", "gw-spb", "secret-spb", 0);
    awaitHostOnline(node);

    assertThat(node.subscribe(TestSparkplugNode.topic(GROUP, "NCMD", "plc-b201")))
        .isLessThanOrEqualTo(2);
    assertThat(node.subscribe(TestSparkplugNode.topic(GROUP, "NCMD", "plc-b202"))).isEqualTo(0x87);
    assertThat(node.subscribe("spBv1.0/#")).isEqualTo(0x87);
    assertThat(node.subscribe("campusedge/#")).isEqualTo(0x87);
  }

  // --- helpers ---

  private TestSparkplugNode node(String edgeNode, String user, String password, long bdSeq)
      throws Exception {
    TestSparkplugNode node =
        TestSparkplugNode.connect(
            brokerPort, edgeNode + "-" + bdSeq, user, password, GROUP, edgeNode, bdSeq);
    clients.add(node);
    return node;
  }

  private static void awaitHostOnline(TestSparkplugNode node) {
    await()
        .atMost(TIMEOUT)
        .until(() -> node.hostStates.stream().anyMatch(state -> state.contains("\"online\":true")));
  }

  static Payload.Metric.Builder co2Definition(long alias, double value) {
    return Payload.Metric.newBuilder()
        .setName("co2")
        .setAlias(alias)
        .setDatatype(DataType.DOUBLE_VALUE)
        .setDoubleValue(value);
  }

  static Payload.Metric.Builder temperatureDefinition(long alias, float value) {
    return Payload.Metric.newBuilder()
        .setName("temperature")
        .setAlias(alias)
        .setDatatype(DataType.FLOAT_VALUE)
        .setFloatValue(value);
  }

  static GatewayState nativeBirth() {
    return GatewayState.newBuilder()
        .setOnline(true)
        .setSite(SITE)
        .setGatewayId("gw-native")
        .setEpoch(1)
        .addRooms(Room.newBuilder().setId("A101").setName("10A1"))
        .addDevices(
            DeviceInfo.newBuilder().setDeviceId("a101-scd41").setType("scd41").setRoomId("A101"))
        .build();
  }

  static Batch nativeCo2(double ppm) {
    return Batch.newBuilder()
        .setSite(SITE)
        .setGatewayId("gw-native")
        .setEpoch(1)
        .addRecords(
            Record.newBuilder()
                .setSeq(1)
                .setClock(ClockState.newBuilder().setSynced(true))
                .setReading(
                    Reading.newBuilder()
                        .setDeviceId("a101-scd41")
                        .setMetric("co2")
                        .setSourceTimeMs(System.currentTimeMillis())
                        .setDoubleValue(ppm)
                        .setUnit("[ppm]")
                        .setQuality(Quality.QUALITY_GOOD)))
        .build();
  }

  private JsonNode rooms() throws Exception {
    var response = HubApi.get(base, "/api/v1/rooms?site=" + SITE, admin);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return HubApi.json(response.body());
  }

  private static double value(JsonNode rooms, String room, String metric) {
    for (JsonNode each : rooms.values()) {
      if (each.get("id").getStringValue().equals(room)) {
        JsonNode reading = each.get("latest").get(metric);
        JsonNode latest = reading == null ? null : reading.get("value");
        return latest != null && latest.isNumber() ? latest.getDoubleValue() : Double.NaN;
      }
    }
    return Double.NaN;
  }

  private boolean online(String gatewayId) throws Exception {
    DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT online FROM gateway_status WHERE gateway_id = ?")) {
      select.setString(1, gatewayId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  private long readingCount(String gatewayId) throws Exception {
    DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM stored_record WHERE gateway_id = ?")) {
      select.setString(1, gatewayId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
