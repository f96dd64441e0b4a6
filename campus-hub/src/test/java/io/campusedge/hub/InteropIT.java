package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.kura.Kura.KuraPayload;
import io.campusedge.protos.kura.Kura.KuraPayload.KuraMetric;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
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
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hub, three kinds of gateway at once: a native CampusEdge gateway, a Sparkplug B edge node
 * built from the specification's rules, and a hand-built Kura gateway; all their rooms and values
 * appear in {@code GET /api/v1/rooms}, and the Kura gateway's will marks it offline.
 */
class InteropIT {
  private static final String SITE = "s1";
  private static final String PASSWORD = "interop-admin-password";
  private static final String KURA_CLIENT = "00:E0:4C:36:12:5A";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private RunningHub hub;
  private final List<AutoCloseable> clients = new ArrayList<>();

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
  void nativeSparkplugAndKuraGatewaysFeedTheSameRooms() throws Exception {
    int brokerPort = TestHubs.freePort();
    Map<String, Object> properties =
        TestHubs.properties(
            dir,
            brokerPort,
            PASSWORD,
            List.of(
                Map.of("id", "gw-native", "site", SITE, "password", "secret-native"),
                Map.of("id", "gw-spb", "site", SITE, "password", "secret-spb"),
                Map.of("id", "gw-kura", "site", SITE, "password", "secret-kura")));
    properties.put("campusedge.sparkplug.enabled", true);
    properties.put(
        "campusedge.sparkplug.edge-nodes",
        List.of(
            Map.of(
                "group", "school1",
                "edge-node", "plc-b201",
                "site", SITE,
                "gateway", "gw-spb",
                "room", "B201",
                "room-name", "Chemistry lab")));
    properties.put("campusedge.kura.enabled", true);
    properties.put("campusedge.kura.control-prefix", TestKuraGateway.CONTROL_PREFIX);
    properties.put(
        "campusedge.kura.gateways",
        List.of(
            Map.of(
                "account", "campus",
                "client-id", KURA_CLIENT,
                "site", SITE,
                "gateway", "gw-kura",
                "room", "C301",
                "room-name", "Physics lab")));
    hub = CampusHub.start(properties);
    URI base = hub.httpUrl();
    String admin = HubApi.token(base, "admin", PASSWORD);

    TestGateway gateway = TestGateway.connect(brokerPort, SITE, "gw-native", "secret-native");
    clients.add(gateway::close);
    gateway.publishState(SparkplugIT.nativeBirth());
    gateway.publishBatch(SparkplugIT.nativeCo2(612));

    TestSparkplugNode node =
        TestSparkplugNode.connect(
            brokerPort, "plc-b201", "gw-spb", "secret-spb", "school1", "plc-b201", 0);
    clients.add(node);
    await()
        .atMost(TIMEOUT)
        .until(() -> node.hostStates.stream().anyMatch(state -> state.contains("\"online\":true")));
    node.birth(0, SparkplugIT.co2Definition(7, 700.0), SparkplugIT.temperatureDefinition(8, 24.5f));
    node.data(1, Payload.Metric.newBuilder().setAlias(7).setDoubleValue(955.0));

    TestKuraGateway kura =
        TestKuraGateway.connect(brokerPort, "campus", KURA_CLIENT, "gw-kura", "secret-kura");
    clients.add(kura);
    kura.birth("CLOUD-V1,env");
    kura.publish(
        "env/sensors",
        KuraPayload.newBuilder()
            .setTimestamp(System.currentTimeMillis())
            .addMetric(
                KuraMetric.newBuilder()
                    .setName("co2")
                    .setType(KuraMetric.ValueType.INT32)
                    .setIntValue(1_240))
            .addMetric(
                KuraMetric.newBuilder()
                    .setName("temperature")
                    .setType(KuraMetric.ValueType.DOUBLE)
                    .setDoubleValue(27.5))
            .build());

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              JsonNode rooms = rooms(base, admin);
              assertThat(value(rooms, "A101", "co2")).isEqualTo(612.0);
              assertThat(value(rooms, "B201", "co2")).isEqualTo(955.0);
              assertThat(value(rooms, "B201", "temperature")).isEqualTo(24.5);
              assertThat(value(rooms, "C301", "co2")).isEqualTo(1_240.0);
              assertThat(value(rooms, "C301", "temperature")).isEqualTo(27.5);
            });
    JsonNode rooms = rooms(base, admin);
    assertThat(roomName(rooms, "B201")).isEqualTo("Chemistry lab");
    assertThat(roomName(rooms, "C301")).isEqualTo("Physics lab");
    assertThat(online("gw-native")).isTrue();
    assertThat(online("gw-spb")).isTrue();
    assertThat(online("gw-kura")).isTrue();
    assertThat(node.commands).as("a node in sequence is never asked for a rebirth").isEmpty();

    // Kura's LWT (its MQTT will) marks it offline; the others stay online.
    kura.crash();
    await().atMost(TIMEOUT).until(() -> !online("gw-kura"));
    assertThat(online("gw-spb")).isTrue();
  }

  @Test
  void aKuraGatewayMayNotPublishAsAnotherGateway() throws Exception {
    int brokerPort = TestHubs.freePort();
    Map<String, Object> properties =
        TestHubs.properties(
            dir,
            brokerPort,
            PASSWORD,
            List.of(
                Map.of("id", "gw-kura", "site", SITE, "password", "secret-kura"),
                Map.of("id", "gw-kura2", "site", SITE, "password", "secret-kura2")));
    properties.put("campusedge.kura.enabled", true);
    properties.put("campusedge.kura.control-prefix", TestKuraGateway.CONTROL_PREFIX);
    properties.put(
        "campusedge.kura.gateways",
        List.of(
            Map.of(
                "account", "campus",
                "client-id", "kura-1",
                "site", SITE,
                "gateway", "gw-kura",
                "room", "C301"),
            Map.of(
                "account", "campus",
                "client-id", "kura-2",
                "site", SITE,
                "gateway", "gw-kura2",
                "room", "C302")));
    hub = CampusHub.start(properties);
    URI base = hub.httpUrl();
    String admin = HubApi.token(base, "admin", PASSWORD);

    // gw-kura logs in but speaks for kura-2: its will is on kura-2's topics, so the broker refuses
    // the connection, and room C302 never appears.
    assertThatThrownBy(
            () -> TestKuraGateway.connect(brokerPort, "campus", "kura-2", "gw-kura", "secret-kura"))
        .isInstanceOf(MqttException.class)
        .hasMessageContaining("authorized");
    TestKuraGateway honest =
        TestKuraGateway.connect(brokerPort, "campus", "kura-1", "gw-kura", "secret-kura");
    clients.add(honest);
    honest.birth("env");

    await().atMost(TIMEOUT).until(() -> roomIds(rooms(base, admin)).contains("C301"));
    assertThat(roomIds(rooms(base, admin))).doesNotContain("C302");
    assertThat(online("gw-kura2")).isFalse();
  }

  private static JsonNode rooms(URI base, String token) throws Exception {
    var response = HubApi.get(base, "/api/v1/rooms?site=" + SITE, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return HubApi.json(response.body());
  }

  private static List<String> roomIds(JsonNode rooms) {
    List<String> ids = new ArrayList<>();
    rooms.values().forEach(room -> ids.add(room.get("id").getStringValue()));
    return ids;
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

  private static String roomName(JsonNode rooms, String room) {
    for (JsonNode each : rooms.values()) {
      if (each.get("id").getStringValue().equals(room)) {
        return each.get("name").getStringValue();
      }
    }
    return null;
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
}
