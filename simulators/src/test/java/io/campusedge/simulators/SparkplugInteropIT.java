package io.campusedge.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.hub.CampusHub;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.kura.Kura.KuraPayload;
import io.campusedge.protos.kura.Kura.KuraPayload.KuraMetric;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hub, three kinds of gateway feeding it together: a CampusEdge agent speaking Sparkplug B as
 * an edge node, a native CampusEdge agent, and a Kura gateway built by hand from Kura's topics and
 * KuraPayload. All their rooms and values appear in {@code GET /api/v1/rooms}, and the Sparkplug
 * agent's outbox empties through the hub's ack: its records are stored under its own epoch and
 * seqs.
 */
class SparkplugInteropIT {
  private static final String SITE = "THPT-SPB";
  private static final String ADMIN_PASSWORD = "spb-admin-password";
  private static final String KURA_CLIENT = "00:E0:4C:36:12:5A";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private RunningHub hub;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private String token;

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        // already gone
      }
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aSparkplugAgentANativeAgentAndAKuraGatewayAllAppearInTheRooms() throws Exception {
    int mqttPort = freePort();
    hub = startHub(mqttPort);
    DriverRegistry drivers = DriverRegistry.load();
    EdgeAgent sparkplug =
        EdgeAgent.start(agentConfig(drivers, mqttPort, "gw-spb", "B201", true), drivers);
    closing.add(sparkplug);
    EdgeAgent nativeAgent =
        EdgeAgent.start(agentConfig(drivers, mqttPort, "gw-native", "A101", false), drivers);
    closing.add(nativeAgent);
    MqttClient kura = kuraGateway(mqttPort);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(latest("A101", "co2")).as("native agent").isPresent();
              assertThat(latest("B201", "co2")).as("Sparkplug agent").isPresent();
              assertThat(latest("B201", "temperature")).as("Sparkplug agent").isPresent();
              assertThat(latest("C301", "co2")).as("Kura gateway").isPresent();
            });
    JsonNode co2 = latest("B201", "co2").orElseThrow();
    assertThat(co2.get("unit").asText()).isEqualTo("[ppm]");
    assertThat(co2.get("quality").asText()).isEqualTo("GOOD");
    assertThat(latest("C301", "co2").orElseThrow().get("value").asDouble()).isEqualTo(1_240.0);
    assertThat(latest("C301", "temperature").orElseThrow().get("value").asDouble()).isEqualTo(27.5);

    // The hub's native ack reached the Sparkplug agent: its outbox is empty, and the hub holds
    // its six records as the agent numbered them.
    await().atMost(PATIENCE).until(() -> sparkplug.outboxStats().pendingRecords() == 0);
    await().atMost(PATIENCE).until(() -> nativeAgent.outboxStats().pendingRecords() == 0);
    assertThat(stream("gw-spb")).containsExactly(sparkplug.outboxStats().epoch(), 6L);
    assertThat(online("gw-spb")).isTrue();
    assertThat(online("gw-native")).isTrue();
    assertThat(online("gw-kura")).isTrue();

    // A clean stop of the Sparkplug agent: its NDEATH takes the gateway offline.
    closing.remove(sparkplug);
    sparkplug.close();
    await().atMost(PATIENCE).until(() -> !online("gw-spb"));
    assertThat(online("gw-native")).isTrue();
    kura.disconnect();
  }

  private RunningHub startHub(int mqttPort) throws Exception {
    Map<String, Object> properties = new HashMap<>();
    properties.put("campusedge.data-dir", dir.resolve("hub").toString());
    properties.put("micronaut.server.port", -1);
    properties.put("campusedge.broker.port", mqttPort);
    properties.put("campusedge.broker.bind-address", "127.0.0.1");
    properties.put(
        "campusedge.bootstrap.gateways",
        List.of(
            Map.of("id", "gw-native", "site", SITE, "password", "secret-native"),
            Map.of("id", "gw-spb", "site", SITE, "password", "secret-spb"),
            Map.of("id", "gw-kura", "site", SITE, "password", "secret-kura")));
    properties.put("campusedge.security.bootstrap-admin.password", ADMIN_PASSWORD);
    properties.put("campusedge.security.password-hash-iterations", 10_000);
    properties.put("campusedge.sparkplug.enabled", true);
    properties.put(
        "campusedge.sparkplug.edge-nodes",
        List.of(
            Map.of(
                "group", "school1",
                "edge-node", "gw-spb",
                "site", SITE,
                "gateway", "gw-spb",
                "room", "B201",
                "room-name", "Chemistry lab")));
    properties.put("campusedge.kura.enabled", true);
    properties.put("campusedge.kura.control-prefix", "EDC");
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
    RunningHub started = CampusHub.start(properties);
    token = login(started);
    return started;
  }

  private AgentConfig agentConfig(
      DriverRegistry drivers, int mqttPort, String gateway, String room, boolean sparkplug)
      throws Exception {
    String uplink =
        "uplink:\n  ackTimeout: 5s\n  reconnectMaxDelay: 1s\n"
            + (sparkplug
                ? "  protocol: sparkplug\n"
                    + "  sparkplug:\n"
                    + "    groupId: school1\n"
                    + "    edgeNodeId: "
                    + gateway
                    + "\n    primaryHostId: campusedge-hub\n"
                : "");
    String yaml =
        """
        site: %s
        gatewayId: %s
        dataDir: %s
        broker:
          url: tcp://127.0.0.1:%d
          username: %s
          password: secret-%s
        rooms:
          - id: %s
        devices:
          - id: %s-climate
            type: simulated-climate
            pollInterval: 1h
            params: { seed: 11, students: 30 }
        clock:
          assumeSynced: true
        status:
          listen: 127.0.0.1:0
        """
                .formatted(
                    SITE,
                    gateway,
                    dir.resolve(gateway),
                    mqttPort,
                    gateway,
                    gateway.substring(3),
                    room,
                    room.toLowerCase(java.util.Locale.ROOT))
            + uplink;
    return new AgentConfigLoader(drivers).parse(yaml, gateway + ".yaml", dir);
  }

  /** A Kura gateway by hand: its LWT as will, BIRTH, then one KuraPayload on its data topic. */
  private MqttClient kuraGateway(int mqttPort) throws Exception {
    MqttClient client =
        new MqttClient(
            "tcp://127.0.0.1:" + mqttPort, KURA_CLIENT.replace(':', '-'), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setUserName("gw-kura");
    options.setPassword("secret-kura".getBytes(StandardCharsets.UTF_8));
    String lifecycle = "EDC/campus/" + KURA_CLIENT + "/MQTT/";
    options.setWill(
        lifecycle + "LWT",
        new MqttMessage(
            KuraPayload.newBuilder().setTimestamp(System.currentTimeMillis()).build().toByteArray(),
            0,
            false,
            null));
    client.connect(options);
    KuraPayload birth =
        KuraPayload.newBuilder()
            .setTimestamp(System.currentTimeMillis())
            .addMetric(text("model_name", "Raspberry Pi 4"))
            .addMetric(text("firmware_version", "5.4.0"))
            .addMetric(text("application_ids", "env"))
            .build();
    client.publish(lifecycle + "BIRTH", new MqttMessage(birth.toByteArray(), 1, false, null));
    KuraPayload data =
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
            .build();
    client.publish(
        "campus/" + KURA_CLIENT + "/env/sensors",
        new MqttMessage(data.toByteArray(), 1, false, null));
    closing.add(client::close);
    return client;
  }

  private static KuraMetric.Builder text(String name, String value) {
    return KuraMetric.newBuilder()
        .setName(name)
        .setType(KuraMetric.ValueType.STRING)
        .setStringValue(value);
  }

  private Optional<JsonNode> latest(String room, String metric) throws Exception {
    for (JsonNode each : get("/api/v1/rooms?site=" + SITE)) {
      if (each.get("id").asText().equals(room)) {
        JsonNode reading = each.get("latest").get(metric);
        return reading == null || !reading.get("value").isNumber()
            ? Optional.empty()
            : Optional.of(reading);
      }
    }
    return Optional.empty();
  }

  /** The hub's stream of a gateway: its epoch and the contiguous seq it has stored. */
  private List<Long> stream(String gateway) throws Exception {
    DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT epoch, upto_seq FROM gateway_stream WHERE gateway_id = ?")) {
      select.setString(1, gateway);
      try (ResultSet row = select.executeQuery()) {
        List<Long> values = new ArrayList<>();
        while (row.next()) {
          values.add(row.getLong(1));
          values.add(row.getLong(2));
        }
        return values;
      }
    }
  }

  private boolean online(String gateway) throws Exception {
    DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT online FROM gateway_status WHERE gateway_id = ?")) {
      select.setString(1, gateway);
      try (ResultSet row = select.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  private static String login(RunningHub hub) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hub.httpUrl() + "/login"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.createObjectNode()
                                .put("username", "admin")
                                .put("password", ADMIN_PASSWORD)
                                .toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("login: " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hub.httpUrl() + path))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
