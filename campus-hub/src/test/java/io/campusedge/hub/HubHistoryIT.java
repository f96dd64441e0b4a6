package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.testing.TestPostgres;
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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hub in-process on H2 and on embedded PostgreSQL: a gateway's readings are ingested, acked,
 * and come back through the history, CSV, gateways and rooms endpoints; bad queries get 400.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgresql"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubHistoryIT {
  private static final String SITE = "s1";
  private static final long EPOCH = 11;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** 2026-03-02T01:00:00Z. */
  private static final long T0 = 1_772_413_200_000L;

  private static final String FROM = "2026-03-02T00:00:00Z";
  private static final String TO = "2026-03-03T00:00:00Z";

  @Parameter String database;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static RunningHub hub;
  private static TestGateway gateway;
  private static String token;

  @BeforeParameterizedClassInvocation
  static void startHubAndIngest(String database) throws Exception {
    Path dataDir = Files.createTempDirectory("hub-history-" + database);
    int brokerPort = freePort();
    Map<String, Object> properties = new HashMap<>();
    properties.put(HubProperties.DATA_DIR, dataDir.toString());
    properties.put(HubProperties.HTTP_PORT, -1);
    properties.put(HubProperties.BROKER_PORT, brokerPort);
    properties.put(HubProperties.BROKER_BIND_ADDRESS, "127.0.0.1");
    properties.put(HubProperties.PASSWORD_HASH_ITERATIONS, 10_000);
    properties.put(HubProperties.ADMIN_PASSWORD, "history-admin-password");
    properties.put(
        HubProperties.BOOTSTRAP_GATEWAYS,
        List.of(
            Map.of("id", "gw-a", "site", SITE, "password", "secret-a"),
            Map.of("id", "gw-z", "site", "s2", "password", "secret-z")));
    if (database.equals("postgresql")) {
      TestPostgres.Database postgres = TestPostgres.newDatabase();
      properties.put(HubProperties.DATASOURCE_URL, postgres.jdbcUrl());
      properties.put(HubProperties.DATASOURCE_USERNAME, TestPostgres.Database.USER);
      properties.put(HubProperties.DATASOURCE_PASSWORD, "");
    }
    hub = CampusHub.start(properties);
    token = HubApi.token(hub.httpUrl(), "admin", "history-admin-password");
    gateway = TestGateway.connect(brokerPort, SITE, "gw-a", "secret-a");
    gateway.publishState(birth());
    Batch.Builder batch = Batch.newBuilder().setSite(SITE).setGatewayId("gw-a").setEpoch(EPOCH);
    // Two minutes of CO2, one reading every 20 s: 400, 410, ... 450 | 460, ... 510 ppm.
    for (int i = 0; i < 12; i++) {
      batch.addRecords(co2(i + 1, T0 + i * 20_000L, 400 + 10 * i));
    }
    gateway.publishBatch(batch.build());
    await().atMost(TIMEOUT).until(() -> gateway.acked(EPOCH, 12));
  }

  @AfterParameterizedClassInvocation
  static void stopHub() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void rawHistoryOfARoomComesBackInTimeOrderWithUnits() throws Exception {
    JsonNode body = getJson(readings("room=A101&metric=co2&from=" + FROM + "&to=" + TO), 200);

    JsonNode points = body.get("points");
    assertThat(points.size()).isEqualTo(12);
    assertThat(body.get("resolution").getStringValue()).isEqualTo("raw");
    assertThat(body.get("truncated").getBooleanValue()).isFalse();
    JsonNode first = points.get(0);
    assertThat(first.get("time").getStringValue()).isEqualTo("2026-03-02T01:00:00Z");
    assertThat(first.get("value").getDoubleValue()).isEqualTo(400);
    assertThat(first.get("unit").getStringValue()).isEqualTo("[ppm]");
    assertThat(first.get("room").getStringValue()).isEqualTo("A101");
    assertThat(first.get("deviceId").getStringValue()).isEqualTo("scd1");
    assertThat(points.get(11).get("value").getDoubleValue()).isEqualTo(510);
  }

  @Test
  @Order(2)
  void minuteAndHourRollupsHoldMinMaxAverageAndCount() throws Exception {
    JsonNode minutes =
        getJson(readings("device=scd1&from=" + FROM + "&to=" + TO + "&resolution=1m"), 200)
            .get("points");

    assertThat(minutes.size()).isEqualTo(4);
    JsonNode firstMinute = minutes.get(0);
    assertThat(firstMinute.get("time").getStringValue()).isEqualTo("2026-03-02T01:00:00Z");
    assertThat(firstMinute.get("count").getLongValue()).isEqualTo(3);
    assertThat(firstMinute.get("min").getDoubleValue()).isEqualTo(400);
    assertThat(firstMinute.get("max").getDoubleValue()).isEqualTo(420);
    assertThat(firstMinute.get("avg").getDoubleValue()).isEqualTo(410);

    JsonNode hour =
        getJson(readings("room=A101&from=" + FROM + "&to=" + TO + "&resolution=1h"), 200)
            .get("points")
            .get(0);
    assertThat(hour.get("count").getLongValue()).isEqualTo(12);
    assertThat(hour.get("avg").getDoubleValue()).isEqualTo(455);
  }

  @Test
  @Order(3)
  void csvDownloadHasAHeaderRowAndOneLinePerReading() throws Exception {
    HttpResponse<String> response =
        get("/api/v1/readings.csv?room=A101&from=" + FROM + "&to=" + TO);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    assertThat(response.headers().firstValue("content-disposition"))
        .hasValueSatisfying(value -> assertThat(value).contains("readings-A101-raw.csv"));
    List<String> lines = response.body().lines().toList();
    assertThat(lines).hasSize(13);
    assertThat(lines.get(0))
        .isEqualTo("time,site,room,gateway,device,metric,value,unit,quality,quality_reason");
    assertThat(lines.get(1))
        .isEqualTo("2026-03-02T01:00:00Z,s1,A101,gw-a,scd1,co2,400,[ppm],GOOD,");
  }

  @Test
  @Order(4)
  void invalidQueriesGet400NamingTheField() throws Exception {
    assertBadRequest(readings("room=A101&from=yesterday&to=" + TO), "from", "yesterday");
    assertBadRequest(readings("room=A101&from=" + TO + "&to=" + FROM), "to", FROM);
    assertBadRequest(
        readings("room=A101&from=" + FROM + "&to=2026-03-20T00:00:00Z"),
        "to",
        "2026-03-20T00:00:00Z");
    assertBadRequest(
        readings("room=A101&from=" + FROM + "&to=" + TO + "&resolution=5m"), "resolution", "5m");
    assertBadRequest(readings("from=" + FROM + "&to=" + TO), "room", null);
    assertBadRequest(readings("room=A101&from=" + FROM + "&to=" + TO + "&limit=0"), "limit", "0");
    assertBadRequest(
        "/api/v1/readings.csv?room=A101&from=" + FROM + "&to=not-a-time", "to", "not-a-time");
  }

  @Test
  @Order(5)
  void gatewaysShowOnlineStateVersionAndStreamPosition() throws Exception {
    JsonNode gateways = getJson("/api/v1/gateways", 200);
    assertThat(gateways.size()).isEqualTo(2);

    JsonNode gwA = getJson("/api/v1/gateways?site=" + SITE, 200);
    assertThat(gwA.size()).isEqualTo(1);
    JsonNode a = gwA.get(0);
    assertThat(a.get("id").getStringValue()).isEqualTo("gw-a");
    assertThat(a.get("online").getBooleanValue()).isTrue();
    assertThat(a.get("version").getStringValue()).isEqualTo("0.2.0-test");
    assertThat(a.get("epoch").getLongValue()).isEqualTo(EPOCH);
    assertThat(a.get("uptoSeq").getLongValue()).isEqualTo(12);
    assertThat(a.get("gaps").getLongValue()).isZero();
    assertThat(a.get("lastSeen").getStringValue()).isNotBlank();

    JsonNode neverSeen = getJson("/api/v1/gateways?site=s2", 200).get(0);
    assertThat(neverSeen.get("online").getBooleanValue()).isFalse();
    assertThat(neverSeen.get("lastSeen")).isNull();
  }

  @Test
  @Order(6)
  void roomsCanBeFilteredBySite() throws Exception {
    assertThat(getJson("/api/v1/rooms?site=" + SITE, 200).size()).isEqualTo(1);
    assertThat(getJson("/api/v1/rooms?site=s2", 200).size()).isZero();
    assertThat(getJson("/api/v1/rooms", 200).size()).isEqualTo(1);
  }

  @Test
  @Order(7)
  void theOpenApiDocumentAndSwaggerUiAreServedFromTheJar() throws Exception {
    HttpResponse<String> document = get("/swagger/campusedge-hub.yml");
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.body())
        .contains("openapi: 3.")
        .contains("/api/v1/rooms:")
        .contains("/api/v1/readings:")
        .contains("/api/v1/readings.csv:")
        .contains("/api/v1/gateways:")
        .contains("/api/v1/equipment-states:")
        .contains("/api/v1/sites/{site}/usage/rooms:")
        // The bearer scheme, required by default, so Swagger UI's "Authorize" sends the token.
        .contains("securitySchemes:", "scheme: bearer", "security:\n- bearer: []");

    HttpResponse<String> ui = get("/swagger-ui/index.html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("/swagger/campusedge-hub.yml").doesNotContain("://cdn");
    assertThat(get("/swagger-ui/res/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(8)
  void prometheusMetricsCountIngestionAndTimeTheStore() throws Exception {
    gateway.publishData("gw-a", new byte[] {1, 2, 3}); // not a Batch
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(get("/prometheus").body())
                    .contains("campusedge_ingest_rejects_total{cause=\"malformed_payload\"} 1.0"));

    String metrics = get("/prometheus").body();
    assertThat(metrics)
        .contains("campusedge_ingest_batches_total 1.0")
        .contains("campusedge_ingest_records_total 12.0")
        .contains("campusedge_ingest_duplicates_total 0.0")
        .contains("campusedge_ingest_gaps_total 0.0")
        .contains("campusedge_store_batch_seconds_count 1")
        .contains("campusedge_ingest_rejects_total{cause=\"unknown_gateway\"} 0.0");
    // Export destinations' gauges are bound too (rows appear once a destination exists).
    assertThat(
            hub.applicationContext()
                .findBean(io.campusedge.hub.internal.metrics.ExportMeters.class))
        .isPresent();
  }

  private static String readings(String query) {
    return "/api/v1/readings?" + query;
  }

  private void assertBadRequest(String path, String field, String value) throws Exception {
    JsonNode error = getJson(path, 400);
    assertThat(error.get("field").getStringValue()).as(path).isEqualTo(field);
    if (value == null) {
      assertThat(error.get("value")).as(path).isNull();
    } else {
      assertThat(error.get("value").getStringValue()).as(path).isEqualTo(value);
    }
    assertThat(error.get("message").getStringValue()).as(path).isNotBlank();
  }

  private static GatewayState birth() {
    return GatewayState.newBuilder()
        .setOnline(true)
        .setSite(SITE)
        .setGatewayId("gw-a")
        .setEpoch(EPOCH)
        .setSoftwareVersion("0.2.0-test")
        .addRooms(Room.newBuilder().setId("A101").setName("Lớp 10A1"))
        .addDevices(DeviceInfo.newBuilder().setDeviceId("scd1").setType("scd41").setRoomId("A101"))
        .build();
  }

  private static Record co2(long seq, long timeMs, long ppm) {
    return Record.newBuilder()
        .setSeq(seq)
        .setReading(
            Reading.newBuilder()
                .setDeviceId("scd1")
                .setMetric("co2")
                .setSourceTimeMs(timeMs)
                .setIntValue(ppm)
                .setUnit("[ppm]")
                .setQuality(Quality.QUALITY_GOOD))
        .build();
  }

  private HttpResponse<String> get(String path) throws Exception {
    String encoded = path.replace("+", URLEncoder.encode("+", StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(hub.httpUrl() + encoded))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(expectedStatus);
    return hub.applicationContext()
        .getBean(JsonMapper.class)
        .readValue(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
