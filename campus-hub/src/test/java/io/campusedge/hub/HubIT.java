package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The hub in-process: embedded broker, ingestion, storage, REST, restart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubIT {
  private static final String SITE = "s1";
  private static final long EPOCH = 7;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String ADMIN_PASSWORD = "hub-it-admin-password";

  @TempDir static Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int brokerPort;
  private RunningHub hub;
  private TestGateway gatewayA;
  private String token;

  @BeforeAll
  void startHub() throws Exception {
    brokerPort = freePort();
    hub = CampusHub.start(properties());
    token = HubApi.token(hub.httpUrl(), "admin", ADMIN_PASSWORD);
    gatewayA = TestGateway.connect(brokerPort, SITE, "gw-a", "secret-a");
  }

  @AfterAll
  void stopHub() throws Exception {
    if (gatewayA != null && gatewayA.isConnected()) {
      gatewayA.close();
    }
    hub.close();
  }

  @Test
  @Order(1)
  void stateAndBatchShowUpInRoomsAndAreAcked() throws Exception {
    assertThat(hub.brokerPort()).isEqualTo(brokerPort);
    assertThat(hub.dataDir()).isEqualTo(dataDir.toAbsolutePath());

    gatewayA.publishState(birth());
    gatewayA.publishBatch(firstBatch());

    await().atMost(TIMEOUT).until(() -> gatewayA.acked(EPOCH, 3));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              JsonNode latest = room("A101").get("latest");
              assertThat(latest).isNotNull();
              assertThat(latest.get("temperature").get("value").getDoubleValue()).isEqualTo(23.5);
              assertThat(latest.get("co2").get("value").getLongValue()).isEqualTo(812);
              assertThat(latest.get("door_open").get("value").getBooleanValue()).isTrue();
            });
    JsonNode room = room("A101");
    assertThat(room.get("site").getStringValue()).isEqualTo(SITE);
    assertThat(room.get("name").getStringValue()).isEqualTo("Lớp 10A1");
    JsonNode temperature = room.get("latest").get("temperature");
    assertThat(temperature.get("unit").getStringValue()).isEqualTo("Cel");
    assertThat(temperature.get("quality").getStringValue()).isEqualTo("GOOD");
    assertThat(temperature.get("qualityReason")).isNull();
    assertThat(temperature.get("deviceId").getStringValue()).isEqualTo("bme1");
    assertThat(temperature.get("sourceTime").getStringValue()).isEqualTo("2026-03-02T01:00:03Z");
    JsonNode co2 = room.get("latest").get("co2");
    assertThat(co2.get("quality").getStringValue()).isEqualTo("UNCERTAIN");
    assertThat(co2.get("qualityReason").getStringValue()).isEqualTo("sensor warming up");
  }

  @Test
  @Order(2)
  void aResentBatchIsNotStoredTwiceButAckedAgain() throws Exception {
    long acksBefore = gatewayA.ackCount(EPOCH, 3);

    gatewayA.publishBatch(firstBatch());

    await().atMost(TIMEOUT).until(() -> gatewayA.ackCount(EPOCH, 3) > acksBefore);
    assertThat(count("SELECT COUNT(*) FROM stored_record WHERE gateway_id = 'gw-a'")).isEqualTo(3);
    assertThat(
            count(
                "SELECT COUNT(*) FROM reading r JOIN series s ON s.series_id = r.series_id"
                    + " WHERE s.gateway_id = 'gw-a'"))
        .isEqualTo(3);
    assertThat(stats().get("duplicates").getLongValue()).isGreaterThanOrEqualTo(3);
  }

  @Test
  @Order(3)
  void aMalformedPayloadIsCountedAndIngestionGoesOn() throws Exception {
    gatewayA.publishData("gw-a", "not a protobuf batch".getBytes(StandardCharsets.UTF_8));
    gatewayA.publishBatch(batch(4, reading(4, "bme1", "temperature", 24.0, "Cel")));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(stats().get("rejected").get("malformed_payload").getLongValue())
                    .isEqualTo(1));
    await().atMost(TIMEOUT).until(() -> gatewayA.acked(EPOCH, 4));
    assertThat(count("SELECT COUNT(*) FROM stored_record WHERE gateway_id = 'gw-a'")).isEqualTo(4);
  }

  @Test
  @Order(4)
  void wrongPasswordsAndAnonymousClientsAreRefused() {
    assertThatThrownBy(() -> TestGateway.connect(brokerPort, SITE, "watcher", "secret-a"))
        .isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> TestGateway.connect(brokerPort, SITE, "gw-b", "wrong"))
        .isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> TestGateway.connect(brokerPort, SITE, "gw-x", ""))
        .isInstanceOf(MqttException.class);
  }

  @Test
  @Order(5)
  void theObserverSeesTrafficButCannotPublish() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    MqttClient observer = new MqttClient("tcp://127.0.0.1:" + brokerPort, "watcher-test", null);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName("watcher");
    options.setPassword("look-only".getBytes(StandardCharsets.UTF_8));
    observer.connect(options);
    observer.subscribe(
        new MqttSubscription[] {new MqttSubscription("campusedge/#", 1)},
        new IMqttMessageListener[] {(topic, message) -> seen.add(topic)});

    gatewayA.publishBatch(batch(4, reading(4, "bme1", "temperature", 24.0, "Cel")));

    await().atMost(TIMEOUT).until(() -> seen.contains("campusedge/v1/s1/gw-a/data"));
    await().atMost(TIMEOUT).until(() -> seen.contains("campusedge/v1/s1/gw-a/ack"));
    observer.publish("campusedge/v1/s1/gw-a/cmd", new MqttMessage(new byte[] {1}, 1, false, null));
    await().atMost(TIMEOUT).until(() -> !observer.isConnected());
    observer.close(true);
  }

  @Test
  @Order(6)
  void aGatewayCannotPublishForAnotherGateway() throws Exception {
    try (TestGateway gatewayB = TestGateway.connect(brokerPort, SITE, "gw-b", "secret-b")) {
      Batch forged = batchOf("gw-b", 1, reading(1, "bme9", "temperature", 99.0, "Cel"));

      gatewayA.publishData("gw-b", forged.toByteArray());

      await().atMost(TIMEOUT).until(() -> !gatewayA.isConnected());
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> count("SELECT COUNT(*) FROM stored_record WHERE gateway_id = 'gw-b'") == 0);
      assertThat(gatewayB.acks).isEmpty();
    }
    gatewayA.close();
    gatewayA = TestGateway.connect(brokerPort, SITE, "gw-a", "secret-a");
  }

  @Test
  @Order(7)
  void aRestartedHubKeepsRoomsAndLatestValues() throws Exception {
    gatewayA.close();
    hub.close();

    hub = CampusHub.start(properties());

    // The access token from before the restart still works: the signing key is in the data dir.
    JsonNode latest = room("A101").get("latest");
    assertThat(latest.get("temperature").get("value").getDoubleValue()).isEqualTo(24.0);
    assertThat(latest.get("door_open").get("value").getBooleanValue()).isTrue();
    gatewayA = TestGateway.connect(brokerPort, SITE, "gw-a", "secret-a");
    gatewayA.publishBatch(batch(5, reading(5, "bme1", "temperature", 25.0, "Cel")));
    await().atMost(TIMEOUT).until(() -> gatewayA.acked(EPOCH, 5));
    assertThat(health().get("status").getStringValue()).isEqualTo("UP");
  }

  private Map<String, Object> properties() {
    return Map.of(
        HubProperties.ADMIN_PASSWORD,
        ADMIN_PASSWORD,
        HubProperties.PASSWORD_HASH_ITERATIONS,
        10_000,
        HubProperties.DATA_DIR,
        dataDir.toString(),
        HubProperties.HTTP_PORT,
        -1,
        HubProperties.BROKER_PORT,
        brokerPort,
        HubProperties.BROKER_BIND_ADDRESS,
        "127.0.0.1",
        HubProperties.BOOTSTRAP_GATEWAYS,
        List.of(
            Map.of("id", "gw-a", "site", SITE, "password", "secret-a"),
            Map.of("id", "gw-b", "site", SITE, "password", "secret-b")),
        HubProperties.OBSERVER_USERNAME,
        "watcher",
        HubProperties.OBSERVER_PASSWORD,
        "look-only");
  }

  private static GatewayState birth() {
    return GatewayState.newBuilder()
        .setOnline(true)
        .setSite(SITE)
        .setGatewayId("gw-a")
        .setEpoch(EPOCH)
        .setSoftwareVersion("0.1.0-test")
        .addRooms(Room.newBuilder().setId("A101").setName("Lớp 10A1"))
        .addDevices(DeviceInfo.newBuilder().setDeviceId("bme1").setType("bme280").setRoomId("A101"))
        .addDevices(DeviceInfo.newBuilder().setDeviceId("scd1").setType("scd41").setRoomId("A101"))
        .addDevices(DeviceInfo.newBuilder().setDeviceId("door1").setType("reed").setRoomId("A101"))
        .build();
  }

  private static Batch firstBatch() {
    return batch(
        1,
        reading(1, "door1", "door_open", true),
        Record.newBuilder()
            .setSeq(2)
            .setReading(
                Reading.newBuilder()
                    .setDeviceId("scd1")
                    .setMetric("co2")
                    .setSourceTimeMs(sourceTime(2))
                    .setIntValue(812)
                    .setUnit("[ppm]")
                    .setQuality(Quality.QUALITY_UNCERTAIN)
                    .setQualityReason("sensor warming up"))
            .build(),
        reading(3, "bme1", "temperature", 23.5, "Cel"));
  }

  private static Batch batch(long firstSeq, Record... records) {
    return batchOf("gw-a", firstSeq, records);
  }

  private static Batch batchOf(String gatewayId, long firstSeq, Record... records) {
    return Batch.newBuilder()
        .setSite(SITE)
        .setGatewayId(gatewayId)
        .setEpoch(EPOCH)
        .addAllRecords(List.of(records))
        .setSentTimeMs(System.currentTimeMillis())
        .build();
  }

  private static Record reading(long seq, String device, String metric, double value, String unit) {
    return Record.newBuilder()
        .setSeq(seq)
        .setReading(
            Reading.newBuilder()
                .setDeviceId(device)
                .setMetric(metric)
                .setSourceTimeMs(sourceTime(seq))
                .setDoubleValue(value)
                .setUnit(unit)
                .setQuality(Quality.QUALITY_GOOD))
        .build();
  }

  private static Record reading(long seq, String device, String metric, boolean value) {
    return Record.newBuilder()
        .setSeq(seq)
        .setReading(
            Reading.newBuilder()
                .setDeviceId(device)
                .setMetric(metric)
                .setSourceTimeMs(sourceTime(seq))
                .setBoolValue(value)
                .setUnit("1")
                .setQuality(Quality.QUALITY_GOOD))
        .build();
  }

  /** 2026-03-02T01:00:00Z plus seq seconds. */
  private static long sourceTime(long seq) {
    return 1_772_413_200_000L + seq * 1_000;
  }

  private JsonNode room(String roomId) throws Exception {
    JsonNode rooms = getJson("/api/v1/rooms", 200);
    for (int i = 0; i < rooms.size(); i++) {
      if (roomId.equals(rooms.get(i).get("id").getStringValue())) {
        return rooms.get(i);
      }
    }
    throw new AssertionError("no room " + roomId + " in " + rooms);
  }

  private JsonNode stats() throws Exception {
    return getJson("/api/v1/ingest/stats", 200);
  }

  private JsonNode health() throws Exception {
    return getJson("/health", 200);
  }

  private JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(hub.httpUrl() + path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(path).isEqualTo(expectedStatus);
    return hub.applicationContext()
        .getBean(JsonMapper.class)
        .readValue(response.body(), JsonNode.class);
  }

  private long count(String sql) throws Exception {
    DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
