package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static io.campusedge.hub.HubApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.attendance.SchoolFixture;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card tap at a real hub reaches the sector database feed and an Ed-Fi ODS/API within two
 * seconds, both through OAuth2 client credentials; destinations are created, listed, watched,
 * reported on (reconciliation CSV) and disabled through the API, and the client secret never comes
 * back out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportDestinationsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String SITE = SchoolFixture.SITE;
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final String CLIENT_SECRET = "edfi-and-feed-client-secret-42";
  private static final String TOKEN = "tok-" + System.nanoTime();

  @TempDir static Path dataDir;
  private RunningHub hub;
  private URI base;
  private String admin;
  private TestGateway gateway;
  private HttpServer receiver;
  private final List<Map<String, Object>> feedRecords = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> edFiEvents = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> edFiDays = new CopyOnWriteArrayList<>();
  private long seq;

  @BeforeAll
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/oauth/token", this::token);
    receiver.createContext("/csdl/v1/batches", this::feed);
    receiver.createContext("/data/v3/ed-fi/", this::edFi);
    receiver.start();
    int brokerPort = TestHubs.freePort();
    Map<String, Object> properties =
        TestHubs.properties(
            dataDir,
            brokerPort,
            "sector-admin-password",
            List.of(Map.of("id", "gw-a101", "site", SITE, "password", "secret-a")));
    properties.put("campusedge.export.allow-plain-http", true);
    properties.put("campusedge.export.poll-interval", "200ms");
    hub = CampusHub.start(properties);
    base = hub.httpUrl();
    admin = HubApi.token(base, "admin", "sector-admin-password");
    gateway = TestGateway.connect(brokerPort, SITE, "gw-a101", "secret-a");
    gateway.publishState(
        GatewayState.newBuilder()
            .setOnline(true)
            .setSite(SITE)
            .setGatewayId("gw-a101")
            .setEpoch(1)
            .addRooms(Room.newBuilder().setId("A101").setName("Phòng A101"))
            .addDevices(
                DeviceInfo.newBuilder()
                    .setDeviceId("a101-door")
                    .setType("mfrc522")
                    .setRoomId("A101"))
            .build());
    await()
        .atMost(TIMEOUT)
        .until(() -> get(base, "/api/v1/rooms?site=" + SITE, admin).body().contains("A101"));
    setUpSchool();
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
    hub.close();
    receiver.stop(0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCardTapReachesTheSectorFeedAndEdFiWithinTwoSeconds() throws Exception {
    String root = "http://127.0.0.1:" + receiver.getAddress().getPort();
    String feed =
        create(
            "{\"kind\":\"SECTOR_FEED\",\"site\":\"%s\",\"url\":\"%s/csdl/v1/batches\",\"tokenUrl\":\"%s/oauth/token\",\"clientId\":\"hub-thpt-t\",\"clientSecret\":\"%s\"}"
                .formatted(SITE, root, root, CLIENT_SECRET));
    String edFi =
        create(
            ("{\"kind\":\"EDFI\",\"site\":\"%s\",\"url\":\"%s/data/v3\",\"tokenUrl\":\"%s/oauth/token\","
                    + "\"clientId\":\"hub-thpt-t\",\"clientSecret\":\"%s\",\"schoolId\":255901,"
                    + "\"schoolYear\":2027,\"sessionName\":\"HK1\"}")
                .formatted(SITE, root, root, CLIENT_SECRET));
    String listed = get(base, "/api/v1/export/destinations", admin).body();
    assertThat(listed).contains(feed, edFi, "SECTOR_FEED", "EDFI").doesNotContain(CLIENT_SECRET);
    assertThat(get(base, "/api/v1/webhooks", admin).body()).doesNotContain(feed, edFi);

    long tapped = System.nanoTime();
    gateway.tapCard("a101-door", "card-of-s2", ++seq, TIMEOUT);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> !feedRecords.isEmpty() && !edFiEvents.isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - tapped)).isLessThan(Duration.ofSeconds(2));

    Map<String, Object> record = feedRecords.get(0);
    assertThat(record)
        .containsEntry("recordType", "attendance.marked")
        .containsEntry("schoolCode", SITE)
        .containsEntry("learnerId", "001209000002")
        .containsEntry("entityKey", "student-day:s2/" + LocalDate.now(ZONE));
    Map<String, Object> event = edFiEvents.get(0);
    assertThat(event)
        .containsEntry(
            "attendanceEventCategoryDescriptor",
            "uri://ed-fi.org/AttendanceEventCategoryDescriptor#In Attendance")
        .containsEntry("eventDate", LocalDate.now(ZONE).toString())
        .containsEntry("studentReference", Map.of("studentUniqueId", "001209000002"));
    assertThat(event.get("sectionReference").toString())
        .contains(
            "schoolId=255901",
            "sessionName=HK1",
            "sectionIdentifier=10A1",
            "localCourseCode=10A1-T");

    await().atMost(TIMEOUT).until(() -> status(feed).get("accepted").getLongValue() == 1);
    assertThat(status(edFi).get("accepted").getLongValue()).isEqualTo(1);
    HttpResponse<String> report =
        get(base, "/api/v1/export/destinations/" + feed + "/reconciliation.csv", admin);
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.headers().firstValue("Content-Type")).get().asString().startsWith("text/csv");
    assertThat(report.body())
        .startsWith("deliveryId,recordId,recordType,schoolCode,learnerId")
        .contains(",attendance.marked,THPT-T,001209000002,", ",SENT,", ",ACCEPTED,");
    assertThat(get(base, "/api/v1/audit", admin).body())
        .contains("export.destination.create")
        .doesNotContain(CLIENT_SECRET);

    // Closing the day sends each marked student's day to Ed-Fi, from the hub's daily attendance.
    HttpResponse<String> locked =
        send(
            base,
            "POST",
            "/api/v1/sites/" + SITE + "/attendance/days/" + LocalDate.now(ZONE) + "/lock",
            admin,
            null);
    assertThat(locked.statusCode()).as(locked.body()).isBetween(200, 204);
    await().atMost(TIMEOUT).until(() -> !edFiDays.isEmpty());
    assertThat(edFiDays)
        .singleElement()
        .satisfies(
            day -> {
              assertThat(day)
                  .containsEntry("eventDate", LocalDate.now(ZONE).toString())
                  .containsEntry("studentReference", Map.of("studentUniqueId", "001209000002"))
                  .containsEntry("schoolReference", Map.of("schoolId", 255901));
              assertThat(day.get("attendanceEventCategoryDescriptor").toString())
                  .endsWith("#In Attendance");
            });
    // ... and the sector feed the student's day and the class's day.
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                !ofType("attendance.student.day").isEmpty()
                    && !ofType("attendance.class.day").isEmpty());
    assertThat(ofType("attendance.student.day"))
        .singleElement()
        .satisfies(
            day -> {
              assertThat(day)
                  .containsEntry("learnerId", "001209000002")
                  .containsEntry("entityKey", "student-day:s2/" + LocalDate.now(ZONE));
              assertThat((Map<String, Object>) day.get("data"))
                  .containsEntry("status", "PRESENT")
                  .containsEntry("lessons", 1);
            });
    assertThat((Map<String, Object>) ofType("attendance.class.day").get(0).get("data"))
        .containsEntry("classId", "10A1")
        .containsEntry("enrolled", 3)
        .containsEntry("present", 1)
        .containsEntry("unmarked", 2);

    // Facilities: an import sends each room; a snapshot sends them all again, to this feed.
    HttpResponse<String> rooms =
        upload(
            "PUT",
            "/facilities",
            "text/csv",
            "roomId,name,building,kind,capacity\nA101,Phòng A101,A,CLASSROOM,40\n"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(rooms.statusCode()).as(rooms.body()).isEqualTo(200);
    HttpResponse<String> snapshot =
        send(base, "POST", "/api/v1/export/destinations/" + feed + "/snapshot", admin, null);
    assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(202);
    assertThat(json(snapshot.body()).get("rooms").getIntValue()).isEqualTo(1);
    await().atMost(TIMEOUT).until(() -> ofType("facility.room.changed").size() == 2);
    assertThat(ofType("facility.room.changed"))
        .extracting(r -> (Object) ((Map<?, ?>) r.get("data")).get("change"))
        .containsExactly("ADDED", "SNAPSHOT");
    assertThat(get(base, "/api/v1/audit", admin).body()).contains("export.destination.snapshot");

    HttpResponse<String> bad =
        send(
            base,
            "POST",
            "/api/v1/export/destinations",
            admin,
            "{\"kind\":\"EDFI\",\"site\":\"%s\",\"url\":\"%s/data/v3\"}".formatted(SITE, root));
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(
            send(base, "DELETE", "/api/v1/export/destinations/" + feed, admin, null).statusCode())
        .isEqualTo(200);
    assertThat(
            json(get(base, "/api/v1/export/destinations/" + feed, admin).body())
                .get("enabled")
                .getBooleanValue())
        .isFalse();
  }

  private List<Map<String, Object>> ofType(String recordType) {
    return feedRecords.stream().filter(r -> recordType.equals(r.get("recordType"))).toList();
  }

  private String create(String body) throws Exception {
    HttpResponse<String> created = send(base, "POST", "/api/v1/export/destinations", admin, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(CLIENT_SECRET);
    return json(created.body()).get("id").getStringValue();
  }

  private JsonNode status(String id) throws Exception {
    return json(get(base, "/api/v1/export/destinations/" + id + "/status", admin).body());
  }

  private void token(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("hub-thpt-t:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    answer(exchange, 200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}");
  }

  @SuppressWarnings("unchecked")
  private void feed(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "{}");
      return;
    }
    Map<String, Object> batch = JSON.readValue(body, Map.class);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Object item : (List<Object>) batch.get("records")) {
      Map<String, Object> record = (Map<String, Object>) item;
      feedRecords.add(record);
      results.add(Map.of("recordId", record.get("recordId"), "status", "ACCEPTED"));
    }
    answer(exchange, 200, JSON.writeValueAsString(Map.of("results", results)));
  }

  @SuppressWarnings("unchecked")
  private void edFi(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "{}");
      return;
    }
    if ("POST".equals(exchange.getRequestMethod())
        && exchange.getRequestURI().getPath().endsWith("/studentSectionAttendanceEvents")) {
      edFiEvents.add(JSON.readValue(body, Map.class));
      answer(exchange, 201, "");
      return;
    }
    if ("POST".equals(exchange.getRequestMethod())
        && exchange.getRequestURI().getPath().endsWith("/studentSchoolAttendanceEvents")) {
      edFiDays.add(JSON.readValue(body, Map.class));
      answer(exchange, 201, "");
      return;
    }
    answer(exchange, 404, "{}");
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private void setUpSchool() throws Exception {
    HttpResponse<String> roster =
        upload("POST", "/roster", "application/zip", SchoolFixture.zip(SchoolFixture.files()));
    assertThat(roster.statusCode()).as(roster.body()).isEqualTo(200);
    LocalTime now = LocalTime.now(ZONE).truncatedTo(ChronoUnit.MINUTES);
    LocalTime start = now.isBefore(LocalTime.of(0, 1)) ? LocalTime.MIDNIGHT : now.minusMinutes(1);
    LocalTime end = now.isAfter(LocalTime.of(23, 0)) ? LocalTime.of(23, 59) : now.plusMinutes(50);
    String csv =
        "classSourcedId,room,weekday,startTime,endTime,entryId\n10A1,A101,%d,%s,%s,now-10A1\n"
            .formatted(LocalDate.now(ZONE).getDayOfWeek().getValue(), start, end);
    HttpResponse<String> timetable = upload("PUT", "/timetable", "text/csv", csv.getBytes());
    assertThat(timetable.statusCode()).as(timetable.body()).isEqualTo(200);
    HttpResponse<String> enrolment =
        send(
            base,
            "POST",
            "/api/v1/sites/" + SITE + "/card-enrolments",
            admin,
            "{\"readerId\":\"a101-door\",\"userId\":\"s2\"}");
    assertThat(enrolment.statusCode()).as(enrolment.body()).isEqualTo(201);
    String enrolmentId = json(enrolment.body()).get("id").getStringValue();
    gateway.tapCard("a101-door", "card-of-s2", ++seq, TIMEOUT);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                get(base, "/api/v1/sites/" + SITE + "/card-enrolments/" + enrolmentId, admin)
                    .body()
                    .contains("REGISTERED"));
  }

  private HttpResponse<String> upload(String method, String path, String type, byte[] body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/sites/" + SITE + path))
            .header("Content-Type", type)
            .header("Authorization", "Bearer " + admin)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
