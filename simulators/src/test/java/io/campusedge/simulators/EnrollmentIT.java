package io.campusedge.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.AgentCommand;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.hub.CampusHub;
import io.campusedge.hub.api.RunningHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Enrollment end to end: an admin creates a token at a real hub, {@code campusedge-agent provision}
 * exchanges it and writes agent.yaml, and an agent started from that file delivers readings.
 */
class EnrollmentIT {
  private static final String SITE = "THPT-ENROLL";
  private static final String ADMIN_PASSWORD = "enroll-admin-password";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
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
  void aProvisionedGatewaysReadingsReachTheHub() throws Exception {
    hub = startHub(freePort());
    JsonNode enrollment =
        post(
            "/api/v1/enrollments",
            JSON.createObjectNode().put("site", SITE).put("room", "B204").put("expiresIn", "1h"));
    String gatewayId = enrollment.get("gatewayId").asText();
    Path config = dir.resolve("etc/agent.yaml");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AgentCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit =
        cli.execute(
            "provision",
            "--hub",
            hub.httpUrl().toString(),
            "--token",
            enrollment.get("token").asText(),
            "--config",
            config.toString(),
            "--data-dir",
            dir.resolve("agent-data").toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Enrolled gateway " + gatewayId);

    // What the technician does next: add the room's devices.
    String yaml =
        Files.readString(config)
            .replace(
                "devices: []",
                "devices:\n"
                    + "  - id: b204-climate\n"
                    + "    type: simulated-climate\n"
                    + "    room: B204\n"
                    + "    pollInterval: 500ms\n"
                    + "    params: {seed: 5, students: 30}\n");
    Files.writeString(config, yaml);
    AgentConfig loaded = new AgentConfigLoader(DriverRegistry.load()).load(config);
    assertThat(loaded.gatewayId()).isEqualTo(gatewayId);
    agent = EdgeAgent.start(loaded, DriverRegistry.load());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode room = room("B204");
              assertThat(room).as("room B204 listed").isNotNull();
              assertThat(room.get("site").asText()).isEqualTo(SITE);
              assertThat(room.path("latest").path("co2").path("value").isNumber())
                  .as("a CO2 reading in B204")
                  .isTrue();
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.outboxStats().pendingRecords() == 0);

    // The token is spent: running provision again is refused with the hub's reason.
    StringWriter again = new StringWriter();
    cli.setErr(new PrintWriter(again, true));
    int second =
        cli.execute(
            "provision",
            "--hub",
            hub.httpUrl().toString(),
            "--token",
            enrollment.get("token").asText(),
            "--config",
            dir.resolve("other/agent.yaml").toString());
    assertThat(second).isEqualTo(4);
    assertThat(again.toString()).contains("already used");
  }

  private RunningHub startHub(int mqttPort) throws IOException, InterruptedException {
    Map<String, Object> properties = new HashMap<>();
    properties.put("campusedge.data-dir", dir.resolve("hub").toString());
    properties.put("micronaut.server.port", -1);
    properties.put("campusedge.broker.port", mqttPort);
    properties.put("campusedge.broker.bind-address", "127.0.0.1");
    properties.put("campusedge.security.bootstrap-admin.password", ADMIN_PASSWORD);
    properties.put("campusedge.security.password-hash-iterations", 10_000);
    RunningHub started = CampusHub.start(properties);
    try {
      HttpResponse<String> login =
          send(
              started.httpUrl(),
              "/login",
              null,
              JSON.createObjectNode()
                  .put("username", "admin")
                  .put("password", ADMIN_PASSWORD)
                  .toString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      token = JSON.readTree(login.body()).get("access_token").asText();
      return started;
    } catch (IOException | InterruptedException | AssertionError e) {
      started.close();
      throw e;
    }
  }

  private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
    HttpResponse<String> response = send(hub.httpUrl(), path, token, body.toString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  private JsonNode room(String id) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hub.httpUrl() + "/api/v1/rooms"))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    for (JsonNode room : JSON.readTree(response.body())) {
      if (room.get("id").asText().equals(id)) {
        return room;
      }
    }
    return null;
  }

  private static HttpResponse<String> send(URI base, String path, String bearer, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
