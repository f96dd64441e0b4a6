package io.campusedge.simulators.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.drivers.sim.ClassroomClimateModel;
import io.campusedge.hub.CampusHub;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.security.SiteKeys;
import io.campusedge.simulators.classroom.VirtualClassroom;
import io.campusedge.simulators.devices.attendance.VirtualCard;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lesson in a simulated school, end to end through the production path: a virtual classroom's
 * pupils enter when the lesson starts and tap their cards at the MFRC522 door reader, the real
 * agent hashes the UIDs and sends the taps, the hub marks them present; one pupil stays home and is
 * marked absent when the lesson ends; a card nobody registered raises an alert; CO2 rises with the
 * class in a small room and raises a poor-air alert. Roster (OneRoster), timetable and cards go in
 * through the hub's API as an administrator does it.
 */
class SchoolDayIT {
  private static final String SITE = "THPT-DEMO";
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final String PASSWORD = "gateway-password";
  private static final String ADMIN_PASSWORD = "school-day-admin";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private RunningHub hub;
  private EdgeAgent agent;
  private VirtualClassroom classroom;
  private volatile Instant lessonStart = Instant.MAX;
  private volatile Instant lessonEnd = Instant.MAX;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (classroom != null) {
      classroom.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aLessonBecomesAttendanceMarksAndAlerts() throws Exception {
    // A lesson must not cross local midnight (timetables are times of one day).
    while (LocalTime.now(ZONE).isAfter(LocalTime.of(23, 57))) {
      Thread.sleep(5_000);
    }
    int mqttPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      mqttPort = socket.getLocalPort();
    }
    DemoSchool.Classroom room =
        new DemoSchool.Classroom("A101", "Lớp 10A1", 7, false, DemoSchool.Equipment.SMART_BOARD);
    hub = CampusHub.start(hubProperties(room, mqttPort));

    // Seven cards at the door: card 0 is registered to nobody, cards 1-6 belong to the class's six
    // pupils. Six people come in, so pupil 6 (card 6) stays home.
    classroom =
        new VirtualClassroom(
            "A101",
            new ClassroomClimateModel(7, 7, 5, 0.5, 30, ZONE, this::occupants),
            Clock.systemUTC(),
            7,
            7);
    List<VirtualCard> cards = classroom.studentCards();
    io.campusedge.hub.internal.security.SiteKey hubKey =
        hub.applicationContext().getBean(SiteKeys.class).current(SITE);
    agent =
        EdgeAgent.start(
            DemoSchool.agentConfig(
                SITE,
                room,
                classroom.devices(Duration.ofSeconds(1)),
                "tcp://127.0.0.1:" + mqttPort,
                PASSWORD,
                new SiteKey(hubKey.id(), hubKey.key()),
                dataDir),
            DriverRegistry.load(),
            classroom.buses());

    DemoRoster roster =
        new DemoRoster(
            SITE,
            List.of(new DemoRoster.DemoClass("10A1", "Lớp 10A1", "A101", cards.subList(1, 7))));
    DemoAttendance api = new DemoAttendance(hub.httpUrl(), SITE);
    String token = api.login("admin", ADMIN_PASSWORD);
    api.importRoster(token, roster);
    api.waitForRooms(token, List.of("A101"));
    api.registerCards(token, roster);
    ZonedDateTime start = ZonedDateTime.now(ZONE).plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    ZonedDateTime end = start.plusSeconds(50);
    api.importTimetable(
        token,
        "classSourcedId,room,weekday,startTime,endTime,entryId\n10A1,A101,%d,%s,%s,lesson\n"
            .formatted(
                start.getDayOfWeek().getValue(),
                start.toLocalTime().toString(),
                end.toLocalTime().toString()));
    lessonStart = start.toInstant();
    lessonEnd = end.toInstant();
    String classList = "/attendance/sessions/lesson/" + start.toLocalDate();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> json(api.get(token, classList)).get("session").get("closed").asBoolean());

    JsonNode list = json(api.get(token, classList));
    Map<String, String> marks = new TreeMap<>();
    list.get("students")
        .forEach(s -> marks.put(s.get("userId").asText(), s.get("status").asText()));
    assertThat(marks)
        .containsEntry("hs-10a1-01", "PRESENT")
        .containsEntry("hs-10a1-05", "PRESENT")
        .containsEntry("hs-10a1-06", "ABSENT")
        .hasSize(6);
    assertThat(marks.values()).filteredOn("PRESENT"::equals).hasSize(5);
    JsonNode session = list.get("session");
    assertThat(session.get("present").asInt()).isEqualTo(5);
    assertThat(session.get("absent").asInt()).isEqualTo(1);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(api.get(token, "/api/v1/alerts?site=" + SITE))
                    .contains("UNKNOWN_CARD", "POOR_AIR"));
  }

  private int occupants(long epochMs) {
    Instant now = Instant.ofEpochMilli(epochMs);
    return !now.isBefore(lessonStart) && now.isBefore(lessonEnd) ? 6 : 0;
  }

  private Map<String, Object> hubProperties(DemoSchool.Classroom room, int mqttPort) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("campusedge.data-dir", dataDir.resolve("hub").toString());
    properties.put("micronaut.server.port", -1);
    properties.put("campusedge.broker.port", mqttPort);
    properties.put("campusedge.broker.bind-address", "127.0.0.1");
    properties.put(
        "campusedge.bootstrap.gateways",
        List.of(Map.of("id", room.gatewayId(), "site", SITE, "password", PASSWORD)));
    properties.put("campusedge.security.bootstrap-admin.password", ADMIN_PASSWORD);
    properties.put("campusedge.security.password-hash-iterations", 10_000);
    // A school day compressed: lessons close within a second, CO2 thresholds a small room reaches
    // in seconds, alerts after 5 s instead of 5 min.
    properties.put("campusedge.attendance.close-interval", "1s");
    properties.put("campusedge.environment.co2-good", 460);
    properties.put("campusedge.environment.co2-act", 480);
    properties.put("campusedge.environment.alert-after", "5s");
    properties.put("campusedge.environment.clear-after", "5s");
    return properties;
  }

  private static JsonNode json(String body) throws Exception {
    return JSON.readTree(body);
  }
}
