package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static io.campusedge.hub.HubApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.security.LoginMeters;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.tree.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and authorisation of the hub's HTTP API with a real hub: login, roles and school
 * scopes, lock-out, API tokens, audit log and the live-event stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String ADMIN_PASSWORD = "sector-admin-password";
  private static final String PASSWORD = "a-long-password";
  private static final String FROM = "2026-03-02T00:00:00Z";
  private static final String TO = "2026-03-03T00:00:00Z";

  @TempDir static Path dataDir;
  private RunningHub hub;
  private URI base;
  private String admin;
  private TestGateway gatewayA;
  private TestGateway gatewayB;
  private final List<String> passwordsUsed = new ArrayList<>(List.of(ADMIN_PASSWORD, PASSWORD));

  @BeforeAll
  void startHubWithTwoSchools() throws Exception {
    int brokerPort;
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
    properties.put(HubProperties.LOGIN_MAX_FAILURES, 3);
    properties.put(HubProperties.LOGIN_LOCKOUT, "10m");
    properties.put(HubProperties.EVENTS_HEARTBEAT, "300ms");
    properties.put(
        HubProperties.BOOTSTRAP_GATEWAYS,
        List.of(
            Map.of("id", "gw-a", "site", "s1", "password", "secret-a"),
            Map.of("id", "gw-b", "site", "s2", "password", "secret-b")));
    hub = CampusHub.start(properties);
    base = hub.httpUrl();
    admin = HubApi.token(base, "admin", ADMIN_PASSWORD);

    gatewayA = TestGateway.connect(brokerPort, "s1", "gw-a", "secret-a");
    gatewayB = TestGateway.connect(brokerPort, "s2", "gw-b", "secret-b");
    gatewayA.publishState(birth("s1", "gw-a", "A101"));
    gatewayB.publishState(birth("s2", "gw-b", "B201"));
    gatewayA.publishBatch(batch("s1", "gw-a", 1, 415));
    gatewayB.publishBatch(batch("s2", "gw-b", 1, 925));
    await().atMost(TIMEOUT).until(() -> gatewayA.acked(1, 1) && gatewayB.acked(1, 1));

    createUser("school-admin-a", "SCHOOL_ADMIN", "s1");
    createUser("teacher-a", "TEACHER", "s1");
    createUser("tech-a", "TECHNICIAN", "s1");
    createUser("lab-b", "LAB_STAFF", "s2");
    createUser("victim", "TEACHER", "s1");
  }

  @AfterAll
  void stop() throws Exception {
    gatewayA.close();
    gatewayB.close();
    hub.close();
  }

  @Test
  @Order(1)
  void withoutAValidTokenTheApiAnswers401() throws Exception {
    assertThat(get(base, "/api/v1/rooms", null).statusCode()).isEqualTo(401);
    assertThat(get(base, "/api/v1/rooms", "not-a-token").statusCode()).isEqualTo(401);
    assertThat(get(base, "/api/v1/rooms", admin + "x").statusCode()).isEqualTo(401);
    assertThat(get(base, "/api/v1/events", null).statusCode()).isEqualTo(401);
    assertThat(get(base, "/api/v1/users", "ce_0123456789abcdef_" + "A".repeat(43)).statusCode())
        .isEqualTo(401);
    assertThat(get(base, "/prometheus", null).statusCode()).isEqualTo(401);
    assertThat(HubApi.login(base, "admin", "wrong password").statusCode()).isEqualTo(401);
  }

  @Test
  @Order(2)
  void healthShowsOnlyTheStatusToAnonymousCallers() throws Exception {
    HttpResponse<String> anonymous = get(base, "/health", null);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(json(anonymous.body()).get("status").getStringValue()).isEqualTo("UP");
    assertThat(json(anonymous.body()).get("details")).isNull();
    assertThat(json(get(base, "/health", admin).body()).get("details")).isNotNull();
    assertThat(get(base, "/swagger/campusedge-hub.yml", null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void usersSeeOnlyTheirSchools() throws Exception {
    String teacher = login("teacher-a");
    String labB = login("lab-b");

    assertThat(roomIds(get(base, "/api/v1/rooms", teacher))).containsExactly("A101");
    assertThat(roomIds(get(base, "/api/v1/rooms", labB))).containsExactly("B201");
    assertThat(roomIds(get(base, "/api/v1/rooms", admin)))
        .containsExactlyInAnyOrder("A101", "B201");
    assertThat(get(base, "/api/v1/rooms?site=s2", teacher).statusCode()).isEqualTo(403);
    assertThat(
            get(base, "/api/v1/readings?site=s2&room=B201&from=" + FROM + "&to=" + TO, teacher)
                .statusCode())
        .isEqualTo(403);
    // Without a site the history stays inside the caller's schools.
    assertThat(points("/api/v1/readings?room=B201&from=" + FROM + "&to=" + TO, teacher)).isZero();
    assertThat(points("/api/v1/readings?room=B201&from=" + FROM + "&to=" + TO, labB)).isEqualTo(1);
    assertThat(points("/api/v1/readings?room=A101&from=" + FROM + "&to=" + TO, teacher))
        .isEqualTo(1);
    HttpResponse<String> csv =
        get(base, "/api/v1/readings.csv?device=scd1&from=" + FROM + "&to=" + TO, teacher);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.body()).contains("gw-a").doesNotContain("gw-b");
  }

  @Test
  @Order(4)
  void eachRoleReachesOnlyItsEndpoints() throws Exception {
    String teacher = login("teacher-a");
    String tech = login("tech-a");
    String labB = login("lab-b");

    assertThat(get(base, "/api/v1/gateways", teacher).statusCode()).isEqualTo(403);
    assertThat(get(base, "/api/v1/ingest/stats", labB).statusCode()).isEqualTo(403);
    assertThat(get(base, "/prometheus", teacher).statusCode()).isEqualTo(403);
    assertThat(get(base, "/api/v1/users", teacher).statusCode()).isEqualTo(403);
    assertThat(get(base, "/api/v1/audit", tech).statusCode()).isEqualTo(403);
    assertThat(userRequest(teacher, "pupil", "TEACHER", "s1").statusCode()).isEqualTo(403);
    // Technicians look after gateways, not lesson data.
    assertThat(
            get(base, "/api/v1/readings?room=A101&from=" + FROM + "&to=" + TO, tech).statusCode())
        .isEqualTo(403);
    HttpResponse<String> gateways = get(base, "/api/v1/gateways", tech);
    assertThat(gateways.statusCode()).isEqualTo(200);
    assertThat(ids(json(gateways.body()), "id")).containsExactly("gw-a");
    assertThat(get(base, "/api/v1/gateways?site=s2", tech).statusCode()).isEqualTo(403);
    assertThat(get(base, "/api/v1/ingest/stats", tech).statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get(base, "/prometheus", tech);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("campusedge_login_failures_total");
  }

  @Test
  @Order(5)
  void aSchoolAdminManagesOnlyItsSchoolAndNoSectorAdmins() throws Exception {
    String schoolAdmin = login("school-admin-a");

    assertThat(userRequest(schoolAdmin, "boss", "SECTOR_ADMIN", "s1").statusCode()).isEqualTo(403);
    assertThat(userRequest(schoolAdmin, "other-school", "TEACHER", "s2").statusCode())
        .isEqualTo(403);
    assertThat(userRequest(schoolAdmin, "two-schools", "TEACHER", "s1", "s2").statusCode())
        .isEqualTo(403);
    HttpResponse<String> created = userRequest(schoolAdmin, "teacher-a2", "TEACHER", "s1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(PASSWORD);
    assertThat(ids(json(get(base, "/api/v1/users", schoolAdmin).body()), "username"))
        .contains("teacher-a", "teacher-a2", "tech-a")
        .doesNotContain("admin", "lab-b");
    assertThat(
            send(base, "PATCH", "/api/v1/users/lab-b", schoolAdmin, "{\"role\":\"TEACHER\"}")
                .statusCode())
        .isEqualTo(404);
    assertThat(send(base, "DELETE", "/api/v1/users/admin", schoolAdmin, null).statusCode())
        .isEqualTo(404);
    assertThat(tokenRequest(schoolAdmin, "sector feed", "SECTOR_ADMIN").statusCode())
        .isEqualTo(403);
    HttpResponse<String> badRole = userRequest(admin, "x", "JANITOR", "s1");
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(badRole.body()).contains("role must be one of");
    assertThat(userRequest(admin, "teacher-a", "TEACHER", "s1").statusCode()).isEqualTo(409);
  }

  @Test
  @Order(6)
  void repeatedWrongPasswordsLockTheNameAndUnknownNamesLookTheSame() throws Exception {
    long lockoutsBefore = hub.applicationContext().getBean(LoginMeters.class).lockouts();
    List<String> known = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      known.add(refusal(HubApi.login(base, "victim", "wrong-" + i)));
      unknown.add(refusal(HubApi.login(base, "nobody-here", "wrong-" + i)));
    }
    // Locked: even the right password is refused now.
    known.add(refusal(HubApi.login(base, "victim", PASSWORD)));
    unknown.add(refusal(HubApi.login(base, "nobody-here", PASSWORD)));

    assertThat(known).isEqualTo(unknown);
    assertThat(known.get(0)).contains("Wrong user name or password");
    assertThat(known.get(2)).contains("locked for 10 min");
    assertThat(known.get(3)).contains("locked for 10 min");
    assertThat(hub.applicationContext().getBean(LoginMeters.class).lockouts())
        .isEqualTo(lockoutsBefore + 2);
    assertThat(actions(get(base, "/api/v1/audit?size=500", admin))).contains("login.locked");

    // An admin's password reset lifts the lock.
    assertThat(
            send(
                    base,
                    "PATCH",
                    "/api/v1/users/victim",
                    admin,
                    "{\"password\":\"another-password\"}")
                .statusCode())
        .isEqualTo(200);
    passwordsUsed.add("another-password");
    assertThat(HubApi.login(base, "victim", "another-password").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(7)
  void apiTokensWorkUntilRevokedAndTheirSecretIsShownOnce() throws Exception {
    HttpResponse<String> created = tokenRequest(admin, "monitoring s1", "TECHNICIAN", "s1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode token = json(created.body());
    String bearer = token.get("token").getStringValue();
    String id = token.get("id").getStringValue();
    assertThat(bearer).startsWith("ce_" + id + "_");
    passwordsUsed.add(bearer);

    HttpResponse<String> list = get(base, "/api/v1/tokens", admin);
    assertThat(list.body()).contains(id).doesNotContain(bearer.substring(20));
    assertThat(ids(json(get(base, "/api/v1/gateways", bearer).body()), "id"))
        .containsExactly("gw-a");
    assertThat(get(base, "/prometheus", bearer).statusCode()).isEqualTo(200);
    assertThat(get(base, "/api/v1/rooms?site=s2", bearer).statusCode()).isEqualTo(403);
    assertThat(get(base, "/api/v1/users", bearer).statusCode()).isEqualTo(403);

    assertThat(send(base, "DELETE", "/api/v1/tokens/" + id, admin, null).statusCode())
        .isEqualTo(204);

    assertThat(get(base, "/api/v1/gateways", bearer).statusCode()).isEqualTo(401);
    assertThat(send(base, "DELETE", "/api/v1/tokens/" + id, admin, null).statusCode())
        .isEqualTo(409);
    assertThat(actions(get(base, "/api/v1/audit", admin))).contains("token.create", "token.revoke");
  }

  @Test
  @Order(8)
  void changingOrDeletingAUserEndsItsAccessTokens() throws Exception {
    String teacher2 = login("teacher-a2");
    assertThat(get(base, "/api/v1/rooms", teacher2).statusCode()).isEqualTo(200);

    assertThat(
            send(base, "PATCH", "/api/v1/users/teacher-a2", admin, "{\"role\":\"LAB_STAFF\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(get(base, "/api/v1/rooms", teacher2).statusCode()).isEqualTo(401);

    String labStaff = login("teacher-a2");
    assertThat(send(base, "DELETE", "/api/v1/users/teacher-a2", admin, null).statusCode())
        .isEqualTo(204);
    assertThat(get(base, "/api/v1/rooms", labStaff).statusCode()).isEqualTo(401);
    assertThat(HubApi.login(base, "teacher-a2", PASSWORD).statusCode()).isEqualTo(401);
  }

  @Test
  @Order(9)
  void theAuditLogHasEveryChangeWithoutSecretsScopedToTheAdminsSchools() throws Exception {
    HttpResponse<String> all = get(base, "/api/v1/audit?size=500", admin);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(actions(all))
        .contains("user.create", "user.update", "user.delete", "token.create", "token.revoke");
    for (String secret : passwordsUsed) {
      assertThat(all.body()).doesNotContain(secret);
    }
    JsonNode entries = json(all.body()).get("entries");
    JsonNode newest = entries.get(0);
    assertThat(newest.get("action").getStringValue()).isEqualTo("user.delete");
    assertThat(newest.get("actor").getStringValue()).isEqualTo("admin");
    assertThat(newest.get("target").getStringValue()).isEqualTo("user:teacher-a2");

    String schoolAdmin = login("school-admin-a");
    List<String> targets =
        ids(json(get(base, "/api/v1/audit?size=500", schoolAdmin).body()).get("entries"), "target");
    assertThat(targets)
        .contains("user:teacher-a", "user:teacher-a2")
        .doesNotContain("user:lab-b", "user:admin");
    JsonNode secondPage = json(get(base, "/api/v1/audit?page=1&size=2", admin).body());
    assertThat(secondPage.get("entries").get(0).get("id").getLongValue())
        .isEqualTo(entries.get(2).get("id").getLongValue());
    assertThat(get(base, "/api/v1/audit?size=0", admin).statusCode()).isEqualTo(400);
  }

  @Test
  @Order(10)
  void liveEventsReachOnlySubscribersOfThatSchool() throws Exception {
    assertThat(get(base, "/api/v1/events?site=s2", login("teacher-a")).statusCode()).isEqualTo(403);
    LiveEvents events = hub.applicationContext().getBean(LiveEvents.class);
    try (EventStream teacherA =
            EventStream.open(base.resolve("/api/v1/events"), login("teacher-a"));
        EventStream labB =
            EventStream.open(base.resolve("/api/v1/events?site=s2"), login("lab-b"));
        EventStream sector = EventStream.open(base.resolve("/api/v1/events"), admin)) {
      for (EventStream stream : List.of(teacherA, labB, sector)) {
        await()
            .atMost(TIMEOUT)
            .untilAsserted(() -> assertThat(stream.lines()).contains(": connected"));
      }
      assertThat(events.subscriberCount()).isEqualTo(3);

      gatewayA.publishBatch(batch("s1", "gw-a", 2, 777));
      await().atMost(TIMEOUT).until(() -> teacherA.sawLine("777"));
      gatewayB.publishBatch(batch("s2", "gw-b", 2, 888));
      await().atMost(TIMEOUT).until(() -> labB.sawLine("888") && sector.sawLine("888"));
      gatewayA.publishState(birth("s1", "gw-a", "A101"));
      await().atMost(TIMEOUT).until(() -> sector.sawLine("event: gateway"));

      String reading = teacherA.lineContaining("777");
      assertThat(reading).startsWith("data: ");
      JsonNode data = json(reading.substring("data: ".length()));
      assertThat(data.get("site").getStringValue()).isEqualTo("s1");
      assertThat(data.get("room").getStringValue()).isEqualTo("A101");
      assertThat(data.get("device").getStringValue()).isEqualTo("scd1");
      assertThat(data.get("metric").getStringValue()).isEqualTo("co2");
      assertThat(data.get("unit").getStringValue()).isEqualTo("[ppm]");
      assertThat(data.get("quality").getStringValue()).isEqualTo("GOOD");
      assertThat(data.get("time").getStringValue()).isEqualTo("2026-03-02T01:00:02Z");
      assertThat(teacherA.lines()).contains("event: reading");
      await().atMost(TIMEOUT).until(() -> teacherA.sawLine(": heartbeat"));
      // Nothing of the other school, and no gateway events for a teacher.
      assertThat(teacherA.lines())
          .noneMatch(line -> line.contains("888") || line.contains("event: gateway"));
      assertThat(labB.lines()).noneMatch(line -> line.contains("777"));
      assertThat(sector.sawLine("777")).isTrue();
    }
    await().atMost(TIMEOUT).until(() -> events.subscriberCount() == 0);
  }

  private String login(String username) throws Exception {
    return HubApi.token(base, username, PASSWORD);
  }

  private void createUser(String username, String role, String... sites) throws Exception {
    HttpResponse<String> created = userRequest(admin, username, role, sites);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private HttpResponse<String> userRequest(
      String token, String username, String role, String... sites) throws Exception {
    return send(
        base,
        "POST",
        "/api/v1/users",
        token,
        "{\"username\":"
            + HubApi.quote(username)
            + ",\"password\":"
            + HubApi.quote(PASSWORD)
            + ",\"role\":"
            + HubApi.quote(role)
            + ",\"sites\":"
            + jsonList(sites)
            + "}");
  }

  private HttpResponse<String> tokenRequest(String token, String name, String role, String... sites)
      throws Exception {
    return send(
        base,
        "POST",
        "/api/v1/tokens",
        token,
        "{\"name\":"
            + HubApi.quote(name)
            + ",\"role\":"
            + HubApi.quote(role)
            + ",\"sites\":"
            + jsonList(sites)
            + "}");
  }

  private static String jsonList(String... values) {
    return "[" + String.join(",", Stream.of(values).map(HubApi::quote).toList()) + "]";
  }

  private static String refusal(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    return response.body();
  }

  private List<String> roomIds(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ids(json(response.body()), "id");
  }

  private long points(String path, String token) throws Exception {
    HttpResponse<String> response = get(base, path, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode points = json(response.body()).get("points");
    return points == null ? 0 : points.size();
  }

  private static List<String> actions(HttpResponse<String> audit) throws Exception {
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    return ids(json(audit.body()).get("entries"), "action");
  }

  private static List<String> ids(JsonNode array, String field) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      ids.add(array.get(i).get(field).getStringValue());
    }
    return ids;
  }

  private static GatewayState birth(String site, String gateway, String room) {
    return GatewayState.newBuilder()
        .setOnline(true)
        .setSite(site)
        .setGatewayId(gateway)
        .setEpoch(1)
        .addRooms(Room.newBuilder().setId(room).setName("Room " + room))
        .addDevices(DeviceInfo.newBuilder().setDeviceId("scd1").setType("scd41").setRoomId(room))
        .build();
  }

  /** One CO2 reading with {@code seq} at 2026-03-02T01:00:00Z + seq seconds. */
  private static Batch batch(String site, String gateway, long seq, long ppm) {
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
                        .setIntValue(ppm)
                        .setUnit("[ppm]")
                        .setQuality(Quality.QUALITY_GOOD)))
        .build();
  }
}
