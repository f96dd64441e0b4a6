package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static io.campusedge.hub.HubApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.Topics;
import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands through the API to a gateway over MQTT and its result back: who may send them, what is
 * refused, and that a gateway cannot answer another gateway's command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayCommandsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String PASSWORD = "a-long-password";

  @TempDir static Path dataDir;
  private RunningHub hub;
  private URI base;
  private String admin;
  private TestGateway gatewayA;
  private TestGateway gatewayB;

  @BeforeAll
  void start() throws Exception {
    int brokerPort = TestHubs.freePort();
    hub =
        CampusHub.start(
            TestHubs.properties(
                dataDir,
                brokerPort,
                "sector-admin-password",
                List.of(
                    Map.of("id", "gw-a", "site", "s1", "password", "secret-a"),
                    Map.of("id", "gw-b", "site", "s2", "password", "secret-b"))));
    base = hub.httpUrl();
    admin = HubApi.token(base, "admin", "sector-admin-password");
    TestHubs.createUsers(
        base,
        admin,
        PASSWORD,
        new String[] {"tech-a", "TECHNICIAN", "s1"},
        new String[] {"teacher-a", "TEACHER", "s1"});
    gatewayA = TestGateway.connect(brokerPort, "s1", "gw-a", "secret-a");
    gatewayB = TestGateway.connect(brokerPort, "s2", "gw-b", "secret-b");
  }

  @AfterAll
  void stop() throws Exception {
    gatewayA.close();
    gatewayB.close();
    hub.close();
  }

  @Test
  void aTechnicianMutesAProjectorAndSeesTheGatewaysAnswer() throws Exception {
    String tech = HubApi.token(base, "tech-a", PASSWORD);
    HttpResponse<String> sent =
        send(
            base,
            "POST",
            "/api/v1/gateways/gw-a/commands",
            tech,
            "{\"type\":\"device-action\",\"deviceId\":\"a101-projector\",\"action\":\"mute\","
                + "\"parameters\":{\"state\":\"on\"}}");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    JsonNode view = json(sent.body());
    String id = view.get("id").getStringValue();
    assertThat(view.get("status").getStringValue()).isEqualTo("SENT");

    await().atMost(TIMEOUT).until(() -> !gatewayA.commands.isEmpty());
    Command command = gatewayA.commands.get(0);
    assertThat(command.getId()).isEqualTo(id);
    assertThat(command.getDeviceAction().getParametersMap()).containsEntry("state", "on");
    assertThat(command.getExpiresTimeMs()).isGreaterThan(command.getIssuedTimeMs());

    // Another school's gateway cannot answer it (its ACL keeps it to its own result topic, and
    // the hub matches the id with the topic's gateway).
    gatewayB.publishResult(
        CommandResult.newBuilder()
            .setCommandId(id)
            .setStatus(CommandStatus.COMMAND_STATUS_FAILED)
            .build());
    // Garbage on the result topic is logged and dropped; the real answer still counts.
    gatewayA.publishRaw(Topics.Kind.CMD_RESULT, new byte[] {(byte) 0xff, 0x01, 0x02});
    gatewayA.publishResult(
        CommandResult.newBuilder()
            .setCommandId(id)
            .setStatus(CommandStatus.COMMAND_STATUS_OK)
            .setMessage("muted")
            .build());
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                json(get(base, "/api/v1/commands/" + id, tech).body())
                    .get("status")
                    .getStringValue()
                    .equals("OK"));
    JsonNode listed = json(get(base, "/api/v1/gateways/gw-a/commands", tech).body()).get(0);
    assertThat(listed.get("message").getStringValue()).isEqualTo("muted");
    assertThat(listed.get("issuedBy").getStringValue()).isEqualTo("tech-a");
    assertThat(get(base, "/api/v1/audit", admin).body()).contains("gateway.command", id);
  }

  @Test
  void badCommandsAndOutsidersAreRefused() throws Exception {
    String tech = HubApi.token(base, "tech-a", PASSWORD);
    assertThat(
            send(
                    base,
                    "POST",
                    "/api/v1/gateways/gw-a/commands",
                    tech,
                    "{\"type\":\"reboot-everything\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            send(
                    base,
                    "POST",
                    "/api/v1/gateways/gw-a/commands",
                    tech,
                    "{\"type\":\"restart-device\"}")
                .body())
        .contains("deviceId is required");
    assertThat(
            send(
                    base,
                    "POST",
                    "/api/v1/gateways/gw-a/commands",
                    tech,
                    "{\"type\":\"update-offer\",\"version\":\"0.2.0\",\"url\":\"https://hub/b.zip\",\"sha256\":\"abc\"}")
                .body())
        .contains("sha256 must be 64 hex digits");
    // Another school's gateway is not found for this technician; a teacher may not send commands.
    assertThat(
            send(base, "POST", "/api/v1/gateways/gw-b/commands", tech, "{\"type\":\"rebirth\"}")
                .statusCode())
        .isEqualTo(404);
    String teacher = HubApi.token(base, "teacher-a", PASSWORD);
    assertThat(
            send(base, "POST", "/api/v1/gateways/gw-a/commands", teacher, "{\"type\":\"rebirth\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(base, "POST", "/api/v1/gateways/gw-a/commands", null, "{\"type\":\"rebirth\"}")
                .statusCode())
        .isEqualTo(401);
  }
}
