package io.campusedge.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.hub.CampusHub;
import io.campusedge.hub.api.RunningHub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One reading's whole journey through the real components, in one JVM: simulated sensor driver →
 * agent H2 outbox → Paho MQTT v5 → embedded HiveMQ CE → hub ingestion → H2 store → REST, and the
 * hub's ack back to the agent, which then empties its outbox.
 */
class EndToEndIT {
  private static final String SITE = "THPT-E2E";
  private static final String GATEWAY = "gw-a101";
  private static final String PASSWORD = "e2e-secret-a101";
  private static final String ADMIN_PASSWORD = "e2e-admin-password";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private RunningHub hub;
  private EdgeAgent agent;
  private String token;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void readingsReachRestAndLeaveTheOutboxOnlyAfterTheAck() throws Exception {
    int mqttPort = freePort();
    hub = startHub(mqttPort);
    // One poll (six readings) at start, then nothing for an hour: the outbox must drain to zero.
    agent = EdgeAgent.start(agentConfig(mqttPort, Duration.ofHours(1)), DriverRegistry.load());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode room =
                  room("A101").orElseThrow(() -> new AssertionError("room A101 not listed yet"));
              assertThat(room.get("site").asText()).isEqualTo(SITE);
              assertThat(room.get("name").asText()).isEqualTo("Lớp 10A1");
              // Listed from the gateway's birth before its first readings are stored: wait.
              assertThat(room.get("latest").has("co2")).as("co2 stored yet").isTrue();
              assertThat(room.get("latest").has("occupancy")).as("occupancy stored yet").isTrue();
              JsonNode co2 = room.get("latest").get("co2");
              assertThat(co2.get("value").isNumber()).isTrue();
              assertThat(co2.get("unit").asText()).isEqualTo("[ppm]");
              assertThat(co2.get("quality").asText()).isEqualTo("GOOD");
              assertThat(room.get("latest").get("occupancy").get("value").isIntegralNumber())
                  .isTrue();
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(agent.outboxStats().pendingRecords()).isZero());
    assertThat(get("/api/v1/ingest/stats").toString()).contains("\"recordsStored\":6");
    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hub.httpUrl() + "/api/v1/rooms")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).as("rooms without a token").isEqualTo(401);
  }

  @Test
  void agentStartedWhileTheBrokerIsDownBuffersThenDeliversEverything() throws Exception {
    int mqttPort = freePort();
    agent = EdgeAgent.start(agentConfig(mqttPort, Duration.ofMillis(200)), DriverRegistry.load());
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.outboxStats().pendingRecords() >= 30);
    assertThat(agent.isConnected()).isFalse();

    hub = startHub(mqttPort);
    await().atMost(Duration.ofSeconds(40)).until(agent::isConnected);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(room("A101"))
                    .get()
                    .extracting(r -> r.get("latest").size())
                    .isEqualTo(6));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("/api/v1/ingest/stats").get("recordsStored").asLong())
                    .isGreaterThanOrEqualTo(30));
  }

  private RunningHub startHub(int mqttPort) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("campusedge.data-dir", dataDir.resolve("hub").toString());
    properties.put("micronaut.server.port", -1);
    properties.put("campusedge.broker.port", mqttPort);
    properties.put("campusedge.broker.bind-address", "127.0.0.1");
    properties.put(
        "campusedge.bootstrap.gateways",
        List.of(Map.of("id", GATEWAY, "site", SITE, "password", PASSWORD)));
    properties.put("campusedge.security.bootstrap-admin.password", ADMIN_PASSWORD);
    properties.put("campusedge.security.password-hash-iterations", 10_000);
    RunningHub started = CampusHub.start(properties);
    try {
      token = login(started, "admin", ADMIN_PASSWORD);
    } catch (IOException | InterruptedException e) {
      started.close();
      throw new IllegalStateException("login at the hub failed: " + e, e);
    }
    return started;
  }

  /** POST /login; the REST API answers 401 without the bearer token it returns. */
  private static String login(RunningHub hub, String username, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hub.httpUrl() + "/login"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.createObjectNode()
                                .put("username", username)
                                .put("password", password)
                                .toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("login: " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  private AgentConfig agentConfig(int mqttPort, Duration pollInterval) {
    return new AgentConfig(
        SITE,
        GATEWAY,
        dataDir.resolve("agent"),
        new AgentConfig.Broker(
            "tcp://127.0.0.1:" + mqttPort, Optional.of(GATEWAY), Optional.of(PASSWORD)),
        List.of(new AgentConfig.Room("A101", "Lớp 10A1")),
        List.of(
            new AgentConfig.Device(
                "a101-climate",
                "simulated-climate",
                "A101",
                pollInterval,
                Map.of("seed", 11, "students", 40))),
        new AgentConfig.UplinkSettings(500, Duration.ofSeconds(5), Duration.ofMillis(500)),
        new AgentConfig.ClockSettings(true));
  }

  private Optional<JsonNode> room(String id) throws IOException, InterruptedException {
    for (JsonNode room : get("/api/v1/rooms")) {
      if (room.get("id").asText().equals(id)) {
        return Optional.of(room);
      }
    }
    return Optional.empty();
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
