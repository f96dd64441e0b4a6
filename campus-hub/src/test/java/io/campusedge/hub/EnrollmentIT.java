package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static io.campusedge.hub.HubApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.enrollment.EnrollmentMeters;
import io.campusedge.hub.internal.security.SiteKeys;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.micronaut.json.tree.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway enrollment against a real hub: who may create tokens, the one-time exchange, and that the
 * returned credentials work on the embedded broker within the gateway's own topics only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrollmentIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String ADMIN_PASSWORD = "sector-admin-password";
  private static final String PASSWORD = "a-long-password";

  @TempDir static Path dataDir;
  private RunningHub hub;
  private URI base;
  private int brokerPort;
  private String admin;

  @BeforeAll
  void startHub() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      brokerPort = socket.getLocalPort();
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put(HubProperties.DATA_DIR, dataDir.toString());
    properties.put(HubProperties.HTTP_PORT, -1);
    properties.put(HubProperties.BROKER_PORT, brokerPort);
    properties.put(HubProperties.BROKER_BIND_ADDRESS, "127.0.0.1");
    properties.put(HubProperties.PASSWORD_HASH_ITERATIONS, 10_000);
    properties.put(HubProperties.ADMIN_PASSWORD, ADMIN_PASSWORD);
    properties.put(
        HubProperties.BOOTSTRAP_GATEWAYS,
        List.of(
            Map.of("id", "gw-a", "site", "s1", "password", "secret-a"),
            Map.of("id", "gw-b", "site", "s2", "password", "secret-b")));
    hub = CampusHub.start(properties);
    base = hub.httpUrl();
    admin = HubApi.token(base, "admin", ADMIN_PASSWORD);
    createUser("school-admin-a", "SCHOOL_ADMIN", "s1");
    createUser("tech-a", "TECHNICIAN", "s1");
    createUser("teacher-a", "TEACHER", "s1");
    createUser("tech-b", "TECHNICIAN", "s2");
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  @Order(1)
  void onlyAdminsAndTechniciansOfTheSchoolMayCreateTokens() throws Exception {
    String body = "{\"site\":\"s1\",\"room\":\"A101\"}";
    assertThat(send(base, "POST", "/api/v1/enrollments", null, body).statusCode()).isEqualTo(401);
    assertThat(get(base, "/api/v1/enrollments", null).statusCode()).isEqualTo(401);
    assertThat(send(base, "POST", "/api/v1/enrollments", login("teacher-a"), body).statusCode())
        .isEqualTo(403);
    HttpResponse<String> otherSchool =
        send(base, "POST", "/api/v1/enrollments", login("tech-b"), body);
    assertThat(otherSchool.statusCode()).isEqualTo(403);
    assertThat(otherSchool.body()).contains("site 's1' is outside your schools");
    assertThat(
            send(base, "POST", "/api/v1/enrollments", admin, "{\"site\":\"s1\",\"room\":\"A 1\"}")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> tooLong =
        send(
            base,
            "POST",
            "/api/v1/enrollments",
            admin,
            "{\"site\":\"s1\",\"room\":\"A101\",\"expiresIn\":\"8d\"}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("at most 7d");
    HttpResponse<String> foreignGateway =
        send(
            base,
            "POST",
            "/api/v1/enrollments",
            admin,
            "{\"site\":\"s1\",\"room\":\"A101\",\"gatewayId\":\"gw-b\"}");
    assertThat(foreignGateway.statusCode()).isEqualTo(409);

    JsonNode created = create(login("school-admin-a"), "s1", "A102", null, null);
    assertThat(created.get("gatewayId").getStringValue()).startsWith("gw-a102-");
    Instant expiresAt = Instant.parse(created.get("expiresAt").getStringValue());
    assertThat(Duration.between(Instant.now(), expiresAt))
        .isBetween(Duration.ofHours(23), Duration.ofHours(24));
  }

  @Test
  @Order(2)
  void aTechnicianEnrollsAGatewayWhichThenPublishesUnderItsOwnTopicsOnly() throws Exception {
    String tech = login("tech-a");
    JsonNode created = create(tech, "s1", "A101", "gw-new", "2h");
    String token = created.get("token").getStringValue();
    assertThat(token).startsWith("cen_");

    HttpResponse<String> pending = get(base, "/api/v1/enrollments", tech);
    assertThat(pending.statusCode()).isEqualTo(200);
    assertThat(pending.body()).contains(created.get("id").getStringValue()).doesNotContain(token);
    assertThat(get(base, "/api/v1/enrollments", login("tech-b")).body())
        .doesNotContain(created.get("id").getStringValue());

    HttpResponse<String> exchanged = enroll("{\"token\":\"" + token + "\"}", null);
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    assertThat(exchanged.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode answer = json(exchanged.body());
    assertThat(answer.get("site").getStringValue()).isEqualTo("s1");
    assertThat(answer.get("room").getStringValue()).isEqualTo("A101");
    assertThat(answer.get("gatewayId").getStringValue()).isEqualTo("gw-new");
    JsonNode mqtt = answer.get("mqtt");
    assertThat(mqtt.get("url").getStringValue()).isEqualTo("tcp://localhost:" + brokerPort);
    assertThat(mqtt.get("username").getStringValue()).isEqualTo("gw-new");
    String password = mqtt.get("password").getStringValue();
    JsonNode siteKey = answer.get("siteKey");
    assertThat(siteKey.get("id").getStringValue()).isEqualTo("k1");
    byte[] key = Base64.getDecoder().decode(siteKey.get("keyBase64").getStringValue());
    assertThat(key).hasSize(32);
    assertThat(hub.applicationContext().getBean(SiteKeys.class).current("s1").key()).isEqualTo(key);
    assertThat(answer.get("caCertificatePem") == null || answer.get("caCertificatePem").isNull())
        .isTrue();
    assertThat(Instant.parse(answer.get("hubTime").getStringValue()))
        .isBetween(Instant.now().minusSeconds(60), Instant.now());

    try (TestGateway gateway =
        TestGateway.connect(mqtt.get("url").getStringValue(), "s1", "gw-new", password)) {
      gateway.publishBatch(batch("s1", "gw-new", 1));
      await().atMost(TIMEOUT).until(() -> gateway.acked(1, 1));
      gateway.publishData("gw-a", batch("s1", "gw-a", 1).toByteArray());
      await().atMost(TIMEOUT).until(() -> !gateway.isConnected());
    }

    HttpResponse<String> again = enroll("{\"token\":\"" + token + "\"}", null);
    assertThat(again.statusCode()).isEqualTo(410);
    assertThat(json(again.body()).get("error").getStringValue()).isEqualTo("token_used");
    assertThat(json(again.body()).get("message").getStringValue()).contains("already used");
    assertThat(get(base, "/api/v1/enrollments", tech).body())
        .doesNotContain(created.get("id").getStringValue());

    String audit = get(base, "/api/v1/audit?size=100", admin).body();
    assertThat(audit)
        .contains("enrollment.create", "enrollment.exchange", "enrollment.refused")
        .doesNotContain(password, token, siteKey.get("keyBase64").getStringValue());
  }

  @Test
  @Order(3)
  void reEnrollingAnExistingGatewayRotatesItsPasswordAndTheTokenMayComeAsBearer() throws Exception {
    String token = create(admin, "s1", "A101", "gw-a", null).get("token").getStringValue();
    HttpResponse<String> exchanged = enroll(null, token);
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    String password = json(exchanged.body()).get("mqtt").get("password").getStringValue();

    assertThatThrownBy(() -> TestGateway.connect(brokerPort, "s1", "gw-a", "secret-a"))
        .isInstanceOf(MqttException.class);
    try (TestGateway gateway = TestGateway.connect(brokerPort, "s1", "gw-a", password)) {
      assertThat(gateway.isConnected()).isTrue();
    }
  }

  @Test
  @Order(4)
  void unknownRevokedAndExpiredTokensAreRefusedWithReasons() throws Exception {
    EnrollmentMeters meters = hub.applicationContext().getBean(EnrollmentMeters.class);
    long unknownBefore = meters.count("invalid_unknown");
    HttpResponse<String> unknown =
        enroll("{\"token\":\"cen_0123456789abcdef_" + "A".repeat(43) + "\"}", null);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(json(unknown.body()).get("error").getStringValue()).isEqualTo("invalid_token");
    assertThat(meters.count("invalid_unknown")).isEqualTo(unknownBefore + 1);
    assertThat(enroll("{}", null).statusCode()).isEqualTo(401);

    JsonNode revoked = create(admin, "s1", "A101", null, "10m");
    String id = revoked.get("id").getStringValue();
    assertThat(
            send(base, "DELETE", "/api/v1/enrollments/" + id, login("tech-b"), null).statusCode())
        .isEqualTo(404);
    assertThat(send(base, "DELETE", "/api/v1/enrollments/" + id, admin, null).statusCode())
        .isEqualTo(204);
    assertThat(send(base, "DELETE", "/api/v1/enrollments/" + id, admin, null).statusCode())
        .isEqualTo(409);
    HttpResponse<String> refused = enroll(null, revoked.get("token").getStringValue());
    assertThat(refused.statusCode()).isEqualTo(410);
    assertThat(json(refused.body()).get("error").getStringValue()).isEqualTo("token_revoked");

    JsonNode expired = create(admin, "s1", "A101", null, "1m");
    expireInDatabase(expired.get("id").getStringValue());
    HttpResponse<String> late = enroll(null, expired.get("token").getStringValue());
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(json(late.body()).get("error").getStringValue()).isEqualTo("token_expired");
    assertThat(json(late.body()).get("message").getStringValue()).contains("expired at");

    String forS2 = create(admin, "s2", "B201", "gw-later", null).get("token").getStringValue();
    String forS1 = create(admin, "s1", "A101", "gw-later", null).get("token").getStringValue();
    assertThat(enroll(null, forS1).statusCode()).isEqualTo(200);
    HttpResponse<String> moved = enroll(null, forS2);
    assertThat(moved.statusCode()).isEqualTo(409);
    assertThat(json(moved.body()).get("error").getStringValue()).isEqualTo("gateway_conflict");
  }

  @Test
  @Order(5)
  void manyRefusedAttemptsFromOneAddressAreSlowedDown() throws Exception {
    String bogus = "{\"token\":\"cen_0123456789abcdef_" + "B".repeat(43) + "\"}";
    int status = 0;
    for (int attempt = 0; attempt < 12 && status != 429; attempt++) {
      status = enroll(bogus, null).statusCode();
    }
    assertThat(status).isEqualTo(429);
    String valid = create(admin, "s1", "A103", null, null).get("token").getStringValue();
    assertThat(enroll(null, valid).statusCode())
        .as("blocked for the rest of the minute")
        .isEqualTo(429);
  }

  private JsonNode create(
      String token, String site, String room, String gatewayId, String expiresIn) throws Exception {
    StringBuilder body = new StringBuilder("{\"site\":\"" + site + "\",\"room\":\"" + room + "\"");
    if (gatewayId != null) {
      body.append(",\"gatewayId\":\"").append(gatewayId).append('"');
    }
    if (expiresIn != null) {
      body.append(",\"expiresIn\":\"").append(expiresIn).append('"');
    }
    HttpResponse<String> response =
        send(base, "POST", "/api/v1/enrollments", token, body.append('}').toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response.body());
  }

  private HttpResponse<String> enroll(String jsonBody, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/enroll"));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    request.header("Content-Type", "application/json");
    request.POST(HttpRequest.BodyPublishers.ofString(jsonBody == null ? "{}" : jsonBody));
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void expireInDatabase(String id) throws Exception {
    DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE enrollment SET expires_at = ? WHERE enrollment_id = ?")) {
      update.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
      update.setString(2, id);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private void createUser(String username, String role, String site) throws Exception {
    String body =
        "{\"username\":\""
            + username
            + "\",\"password\":\""
            + PASSWORD
            + "\",\"role\":\""
            + role
            + "\",\"sites\":[\""
            + site
            + "\"]}";
    assertThat(send(base, "POST", "/api/v1/users", admin, body).statusCode()).isEqualTo(201);
  }

  private String login(String username) throws Exception {
    return HubApi.token(base, username, PASSWORD);
  }

  private static Batch batch(String site, String gateway, long seq) {
    return Batch.newBuilder()
        .setSite(site)
        .setGatewayId(gateway)
        .setEpoch(1)
        .addRecords(
            Record.newBuilder()
                .setSeq(seq)
                .setReading(
                    Reading.newBuilder()
                        .setDeviceId("scd1")
                        .setMetric("co2")
                        .setSourceTimeMs(1_772_413_200_000L + seq * 1_000)
                        .setIntValue(600)
                        .setUnit("[ppm]")
                        .setQuality(Quality.QUALITY_GOOD)))
        .build();
  }
}
