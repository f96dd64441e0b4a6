package io.campusedge.hub;

import static io.campusedge.hub.HubApi.json;
import static io.campusedge.hub.HubApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.ingest.HiveMqBrokerConnection;
import io.campusedge.hub.testing.TestMosquitto;
import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub with an external Mosquitto whose password and ACL files the hub writes: the hub and a
 * bootstrap gateway log in with what the hub wrote at start, a gateway enrolled through the API
 * logs in once the hub has rewritten the files and sent Mosquitto SIGHUP, a wrong password is
 * refused, and the ACL keeps a gateway to its own topics.
 */
class MosquittoAccountsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TestMosquitto mosquitto;
  private RunningHub hub;

  @BeforeAll
  static void needsMosquitto() {
    TestMosquitto.assumeInstalled();
  }

  @AfterEach
  void stop() throws Exception {
    if (hub != null) {
      hub.close();
    }
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Test
  void gatewaysEnrolledAtTheHubLogInToMosquitto() throws Exception {
    int port = TestHubs.freePort();
    Path passwords = dir.resolve("broker/passwd");
    Path acl = dir.resolve("broker/acl");
    Path config = dir.resolve("mosquitto/mosquitto.conf");
    Map<String, Object> properties =
        TestHubs.properties(
            dir.resolve("hub"),
            TestHubs.freePort(),
            "sector-admin-password",
            List.of(Map.of("id", "gw-a101", "site", "s1", "password", "secret-a")));
    properties.put(HubProperties.BROKER_EMBEDDED, false);
    properties.put(HubProperties.BROKER_URL, "tcp://127.0.0.1:" + port);
    properties.put(HubProperties.BROKER_USERNAME, "hub");
    properties.put(HubProperties.BROKER_PASSWORD, "hub-secret");
    properties.put("campusedge.broker.mosquitto.password-file", passwords.toString());
    properties.put("campusedge.broker.mosquitto.acl-file", acl.toString());
    properties.put(
        "campusedge.broker.mosquitto.reload-command",
        List.of("pkill", "-HUP", "-f", "mosquitto -c " + config));
    hub = CampusHub.start(properties);

    String written = Files.readString(passwords);
    assertThat(written).contains("hub:$7$101$", "gw-a101:$7$101$").doesNotContain("secret");
    assertThat(Files.readString(acl))
        .contains("user gw-a101\ntopic write campusedge/v1/s1/gw-a101/data\n")
        .contains("user hub\ntopic readwrite campusedge/#\n");

    mosquitto = TestMosquitto.startWithFiles(dir.resolve("mosquitto"), port, passwords, acl);
    assertThat(mosquitto.configFile()).isEqualTo(config);
    // Data published before the hub's subscription exists would reach nobody.
    await()
        .atMost(TIMEOUT)
        .until(() -> hub.applicationContext().getBean(HiveMqBrokerConnection.class).isConnected());
    try (TestGateway bootstrap = TestGateway.connect(port, "s1", "gw-a101", "secret-a")) {
      bootstrap.publishBatch(TestGateway.co2("s1", "gw-a101", 1, 801));
      await().atMost(TIMEOUT).until(() -> bootstrap.acked(1, 1));
    }
    assertThatThrownBy(() -> TestGateway.connect(port, "s1", "gw-a101", "not-the-secret"))
        .isInstanceOf(MqttException.class);

    URI base = hub.httpUrl();
    String admin = HubApi.token(base, "admin", "sector-admin-password");
    HttpResponse<String> created =
        send(
            base,
            "POST",
            "/api/v1/enrollments",
            admin,
            "{\"site\":\"s1\",\"room\":\"A102\",\"gatewayId\":\"gw-a102\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> exchanged =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/api/v1/enroll"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"token\":\""
                                + json(created.body()).get("token").getStringValue()
                                + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    JsonNode mqtt = json(exchanged.body()).get("mqtt");
    String password = mqtt.get("password").getStringValue();
    assertThat(Files.readString(passwords)).contains("gw-a102:$7$").doesNotContain(password);

    // Mosquitto reads the files again on the SIGHUP the hub's reload command sends.
    TestGateway enrolled =
        await()
            .atMost(TIMEOUT)
            .ignoreExceptions()
            .until(() -> TestGateway.connect(port, "s1", "gw-a102", password), g -> g != null);
    try (enrolled) {
      enrolled.publishBatch(TestGateway.co2("s1", "gw-a102", 1, 801));
      await().atMost(TIMEOUT).until(() -> enrolled.acked(1, 1));
      // Another gateway's topic: Mosquitto's ACL drops it (an MQTT 5 client may hear "not
      // authorised"), so the hub never stores it, though it would be valid on that topic.
      try {
        enrolled.publishData("gw-a101", TestGateway.co2("s1", "gw-a101", 2, 802).toByteArray());
      } catch (MqttException refused) {
        // refused in the PUBACK
      }
      enrolled.publishBatch(TestGateway.co2("s1", "gw-a102", 2, 802));
      await().atMost(TIMEOUT).until(() -> enrolled.acked(1, 2));
    }
    assertThat(
            hub.applicationContext()
                .getBean(io.campusedge.hub.internal.ingest.IngestStats.class)
                .snapshot()
                .recordsStored())
        .isEqualTo(3);
  }
}
