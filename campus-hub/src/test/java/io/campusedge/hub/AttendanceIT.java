package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static io.campusedge.hub.HubApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.attendance.SchoolFixture;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attendance through the hub's API with a real hub and a gateway publishing card taps over MQTT:
 * roster and timetable import (and their bad input), card enrolment by tapping, marks, corrections,
 * alerts, and who may do what.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttendanceIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String SITE = SchoolFixture.SITE;
  private static final String PASSWORD = "a-long-password";
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  @TempDir static Path dataDir;
  private RunningHub hub;
  private URI base;
  private String admin;
  private TestGateway gateway;
  private long seq;
  private String lesson;
  private final LocalDate today = LocalDate.now(ZONE);

  @BeforeAll
  void startHubAndGateway() throws Exception {
    int brokerPort = TestHubs.freePort();
    Map<String, Object> properties =
        TestHubs.properties(
            dataDir,
            brokerPort,
            "sector-admin-password",
            List.of(Map.of("id", "gw-a101", "site", SITE, "password", "secret-a")));
    hub = CampusHub.start(properties);
    base = hub.httpUrl();
    admin = HubApi.token(base, "admin", "sector-admin-password");
    TestHubs.createUsers(
        base,
        admin,
        PASSWORD,
        new String[] {"hieu.truong", "SCHOOL_ADMIN", SITE},
        new String[] {"co.lan", "TEACHER", SITE},
        new String[] {"ky.thuat", "TECHNICIAN", SITE},
        new String[] {"admin.khac", "SCHOOL_ADMIN", "THPT-X"});
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
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
    hub.close();
  }

  @Test
  @Order(1)
  void rosterImportIsForTheSchoolsAdministratorsAndRefusesBadFilesWhole() throws Exception {
    byte[] zip = SchoolFixture.zip(SchoolFixture.files());
    assertThat(upload("POST", "/roster", "application/zip", zip, login("co.lan")).statusCode())
        .isEqualTo(403);
    assertThat(upload("POST", "/roster", "application/zip", zip, login("admin.khac")).statusCode())
        .isEqualTo(403);
    assertThat(upload("POST", "/roster", "application/zip", zip, null).statusCode()).isEqualTo(401);

    Map<String, String> broken = SchoolFixture.files();
    broken.put(
        "enrollments.csv", broken.get("enrollments.csv") + "e9,,,10A1,o1,ghost,student,false,,\n");
    HttpResponse<String> refused =
        upload(
            "POST", "/roster", "application/zip", SchoolFixture.zip(broken), login("hieu.truong"));
    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode problem = json(refused.body()).get("problems").get(0);
    assertThat(problem.get("file").getStringValue()).isEqualTo("enrollments.csv");
    assertThat(problem.get("line").getLongValue()).isEqualTo(8);
    assertThat(problem.get("message").getStringValue()).contains("'ghost' is not in users.csv");

    HttpResponse<String> notZip =
        upload("POST", "/roster", "application/zip", "not a zip".getBytes(), login("hieu.truong"));
    assertThat(notZip.statusCode()).isEqualTo(400);

    HttpResponse<String> imported =
        upload("POST", "/roster", "application/zip", zip, login("hieu.truong"));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    JsonNode summary = json(imported.body());
    assertThat(summary.get("classes").getIntValue()).isEqualTo(2);
    assertThat(summary.get("students").getIntValue()).isEqualTo(4);
    assertThat(summary.get("ignoredFiles").get(0).getStringValue()).isEqualTo("demographics.csv");
  }

  @Test
  @Order(2)
  void timetableImportChecksRoomsAndOverlaps() throws Exception {
    String school = login("hieu.truong");
    HttpResponse<String> overlapping =
        upload(
            "PUT",
            "/timetable",
            "text/csv",
            "classSourcedId,room,weekday,startTime,endTime\n10A1,A101,1,07:00,07:45\n10A2,A101,1,07:30,08:00\n10A2,Z9,2,07:00,07:45\n"
                .getBytes(StandardCharsets.UTF_8),
            school);
    assertThat(overlapping.statusCode()).isEqualTo(400);
    assertThat(overlapping.body())
        .contains("overlaps line 2 in room A101", "room 'Z9' is not known");

    // A lesson of 10A1 in A101 that began a minute ago (within the 5-minute grace; clamped to
    // today).
    LocalTime now = LocalTime.now(ZONE).truncatedTo(ChronoUnit.MINUTES);
    LocalTime start = now.isBefore(LocalTime.of(0, 1)) ? LocalTime.MIDNIGHT : now.minusMinutes(1);
    LocalTime end = now.isAfter(LocalTime.of(23, 0)) ? LocalTime.of(23, 59) : now.plusMinutes(50);
    String csv =
        "classSourcedId,room,weekday,startTime,endTime,entryId\n10A1,A101,%d,%s,%s,now-10A1\n"
            .formatted(today.getDayOfWeek().getValue(), start, end);
    HttpResponse<String> imported = upload("PUT", "/timetable", "text/csv", csv.getBytes(), school);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    lesson = "now-10A1";
  }

  @Test
  @Order(3)
  void aCardIsRegisteredByTappingItAndThenMarksItsHolderPresent() throws Exception {
    String school = login("hieu.truong");
    HttpResponse<String> unknownReader =
        send(
            base,
            "POST",
            "/api/v1/sites/" + SITE + "/card-enrolments",
            school,
            "{\"readerId\":\"nowhere\",\"userId\":\"s1\"}");
    assertThat(unknownReader.statusCode()).isEqualTo(404);
    HttpResponse<String> byTeacher =
        send(
            base,
            "POST",
            "/api/v1/sites/" + SITE + "/card-enrolments",
            login("co.lan"),
            "{\"readerId\":\"a101-door\",\"userId\":\"s1\"}");
    assertThat(byTeacher.statusCode()).isEqualTo(403);

    HttpResponse<String> requested =
        send(
            base,
            "POST",
            "/api/v1/sites/" + SITE + "/card-enrolments",
            school,
            "{\"readerId\":\"a101-door\",\"userId\":\"s1\"}");
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
    String id = json(requested.body()).get("id").getStringValue();
    tap("card-of-s1");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                json(get(base, "/api/v1/sites/" + SITE + "/card-enrolments/" + id, school).body())
                    .get("state")
                    .getStringValue()
                    .equals("REGISTERED"));

    HttpResponse<String> listed = get(base, "/api/v1/sites/" + SITE + "/cards", school);
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    assertThat(json(listed.body()).get(0).get("userId").getStringValue()).isEqualTo("s1");

    tap("card-of-s1");
    tap("card-of-nobody");
    String teacher = login("co.lan");
    String path = "/api/v1/sites/" + SITE + "/attendance/sessions/" + lesson + "/" + today;
    await()
        .atMost(TIMEOUT)
        .until(() -> get(base, path, teacher).body().contains("\"status\":\"PRESENT\""));
    JsonNode list = json(get(base, path, teacher).body());
    assertThat(list.get("session").get("present").getIntValue()).isEqualTo(1);
    assertThat(list.get("students").size()).isEqualTo(3);
    assertThat(get(base, path, login("ky.thuat")).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(4)
  void teachersCorrectWithAReasonAndAdministratorsSeeAlerts() throws Exception {
    String teacher = login("co.lan");
    String mark =
        "/api/v1/sites/" + SITE + "/attendance/sessions/" + lesson + "/" + today + "/marks/s2";
    assertThat(send(base, "PUT", mark, teacher, "{\"status\":\"EXCUSED\"}").statusCode())
        .isEqualTo(400);
    HttpResponse<String> corrected =
        send(base, "PUT", mark, teacher, "{\"status\":\"EXCUSED\",\"reason\":\"có giấy phép\"}");
    assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
    assertThat(json(corrected.body()).get("updatedBy").getStringValue()).isEqualTo("co.lan");

    String school = login("hieu.truong");
    await()
        .atMost(TIMEOUT)
        .until(
            () -> get(base, "/api/v1/alerts?site=" + SITE, school).body().contains("UNKNOWN_CARD"));
    assertThat(get(base, "/api/v1/alerts?site=" + SITE, teacher).body()).isEqualTo("[]");
    long alert =
        json(get(base, "/api/v1/alerts?site=" + SITE + "&state=open", school).body())
            .get(0)
            .get("id")
            .getLongValue();
    assertThat(
            send(base, "POST", "/api/v1/alerts/" + alert + "/acknowledge", school, null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(base, "POST", "/api/v1/alerts/" + alert + "/acknowledge", school, null)
                .statusCode())
        .isEqualTo(409);
    assertThat(get(base, "/api/v1/alerts?state=sideways", school).statusCode()).isEqualTo(400);
    assertThat(get(base, "/api/v1/audit", admin).body())
        .contains("attendance.correct", "roster.import");
  }

  @Test
  @Order(5)
  void classAndDailyReportsDownloadAsCsvWithinTheCallersClasses() throws Exception {
    String school = login("hieu.truong");
    HttpResponse<String> classes =
        get(base, "/api/v1/sites/" + SITE + "/attendance/sessions.csv?date=" + today, school);
    assertThat(classes.statusCode()).as(classes.body()).isEqualTo(200);
    assertThat(classes.headers().firstValue("Content-Disposition").orElse(""))
        .contains("attendance-classes-" + SITE + "-" + today + ".csv");
    List<String> lines = classes.body().lines().toList();
    assertThat(lines.get(0)).startsWith("date,classId,classTitle,room,start,end,students,present");
    assertThat(lines).anySatisfy(line -> assertThat(line).contains(",10A1,", ",A101,"));

    HttpResponse<String> daily =
        get(base, "/api/v1/sites/" + SITE + "/attendance/daily.csv?date=" + today, school);
    assertThat(daily.statusCode()).isEqualTo(200);
    assertThat(daily.body().lines().findFirst().orElse(""))
        .isEqualTo("date,userId,familyName,givenName,lessons,present,late,absent,excused,status");
    assertThat(daily.body()).contains(today + ",s1,Nguyễn,An,");
    assertThat(
            get(base, "/api/v1/sites/" + SITE + "/attendance/daily.csv", login("ky.thuat"))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            get(base, "/api/v1/sites/" + SITE + "/attendance/sessions.csv?date=soon", school)
                .statusCode())
        .isEqualTo(400);
  }

  private void tap(String card) throws Exception {
    gateway.tapCard("a101-door", card, ++seq, TIMEOUT);
  }

  private String login(String username) throws Exception {
    return HubApi.token(base, username, PASSWORD);
  }

  private HttpResponse<String> upload(
      String method, String path, String type, byte[] body, String token) throws Exception {
    return HubApi.sendBytes(base, method, "/api/v1/sites/" + SITE + path, type, body, token);
  }
}
