package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.export.FakeReceiver.Behaviour;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.MasterKey;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Ed-Fi connector against an in-process ODS/API that misbehaves on purpose (token endpoint
 * refusing, 500s, 429 with Retry-After, a timeout, a revoked token, a closed connection): every
 * mark ends as exactly one resource per natural key, a correction replaces its earlier category,
 * order per student-day holds, and the dead-letter and replay paths work. Test clock throughout.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class EdFiConnectorTest {
  private static final String SITE = "THPT-T";
  private static final Caller SCHOOL =
      new Caller("hieu.truong", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of(SITE));
  private static final Instant START = Instant.parse("2026-12-07T01:00:00Z");
  private static final String DATE = "2026-12-07";
  private static final String SECTION = "studentSectionAttendanceEvents";
  private static final String SCHOOL_EVENTS = "studentSchoolAttendanceEvents";

  @Parameter TestDatabase database;
  private final MutableClock clock = new MutableClock(START);
  private final Map<LocalDate, List<StudentDays.StudentDay>> days = new LinkedHashMap<>();
  private DataSource dataSource;
  private ExportOutbox outbox;
  private WebhookSubscriptions subscriptions;
  private ExportDestinations destinations;
  private WebhookDispatcher dispatcher;
  private FakeEdFiOds ods;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = database.migrated();
    outbox = new ExportOutbox(JsonMapper.createDefault());
    ods = new FakeEdFiOds(clock);
    Sql.inTransaction(
        dataSource,
        connection ->
            connection
                .createStatement()
                .executeUpdate(
                    "INSERT INTO roster_class (site, sourced_id, title, class_code, course_title)"
                        + " VALUES ('THPT-T', 'c-10a1-toan', '10A1 Toán', 'TOAN10', 'Toán 10')"));
  }

  @AfterEach
  void tearDown() {
    ods.close();
    if (dispatcher != null) {
      dispatcher.stop();
    }
  }

  private WebhookSubscription connect(int maxAttempts) {
    ExportConfig config =
        new ExportConfig(
            Duration.ofSeconds(1),
            50,
            4,
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMinutes(10),
            maxAttempts,
            true,
            null,
            null);
    JsonMapper json = JsonMapper.createDefault();
    MasterKey master = TestMasterKeys.random();
    AuditLog audit = new AuditLog(dataSource, json);
    subscriptions = new WebhookSubscriptions(dataSource, master, audit, config, clock);
    destinations = new ExportDestinations(dataSource, master, audit, subscriptions, json, clock);
    dispatcher =
        new WebhookDispatcher(
            dataSource,
            subscriptions,
            config,
            json,
            clock,
            new Random(7),
            null,
            (site, date) -> days.getOrDefault(date, List.of()));
    return destinations.create(
        SCHOOL,
        new ExportDestinations.Request(
            DestinationKind.EDFI,
            Optional.of(SITE),
            ods.dataUrl(),
            List.of(),
            Optional.of("Sở GD&ĐT ODS/API"),
            new DestinationSettings(
                Optional.of(ods.tokenUrl()),
                Optional.of(FakeReceiver.CLIENT_ID),
                Optional.of(255901L),
                Optional.of(2027),
                Optional.of("2026-2027 Học kỳ 1")),
            Optional.of(FakeReceiver.CLIENT_SECRET)));
  }

  @Test
  void everyMarkBecomesOneSectionEventPerNaturalKeyThroughAMisbehavingOds() {
    WebhookSubscription destination = connect(20);
    ods.refuseTokens(503, 500);
    ods.script(
        Behaviour.ERROR_500,
        Behaviour.TOO_MANY_REQUESTS,
        Behaviour.SLOW,
        Behaviour.TOKEN_REVOKED,
        Behaviour.CLOSE,
        Behaviour.OK,
        Behaviour.ERROR_500,
        Behaviour.SLOW);
    mark(ExportEventType.ATTENDANCE_MARKED, "s1", "HS0001", "PRESENT", null);
    mark(ExportEventType.ATTENDANCE_MARKED, "s2", "HS0002", "LATE", null);
    mark(ExportEventType.ATTENDANCE_MARKED, "s3", "HS0003", "ABSENT", null);
    mark(ExportEventType.ATTENDANCE_CORRECTED, "s2", "HS0002", "ABSENT", "LATE");
    mark(ExportEventType.ATTENDANCE_CORRECTED, "s3", "HS0003", "EXCUSED", "ABSENT");
    enqueue(ExportEventType.ALERT_RAISED, "alert:1", Map.of("alertId", 1));

    drain(Duration.ofMinutes(10), 60);

    List<FakeEdFiOds.Resource> events = ods.resources(SECTION);
    Map<String, String> categoryByStudent = new LinkedHashMap<>();
    for (FakeEdFiOds.Resource r : events) {
      Map<String, String> flat = FakeEdFiOds.flatten(r.body());
      assertThat(
              categoryByStudent.put(
                  flat.get("studentUniqueId"), flat.get("attendanceEventCategoryDescriptor")))
          .as("one resource per student and day: %s %s", ods.arrivals(), ods.log())
          .isNull();
      assertThat(flat)
          .containsEntry("eventDate", DATE)
          .containsEntry("localCourseCode", "TOAN10")
          .containsEntry("schoolId", "255901")
          .containsEntry("schoolYear", "2027")
          .containsEntry("sectionIdentifier", "c-10a1-toan")
          .containsEntry("sessionName", "2026-2027 Học kỳ 1");
    }
    assertThat(categoryByStudent)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "HS0001", EdFiConnector.CATEGORY + "In Attendance",
                "HS0002", EdFiConnector.CATEGORY + "Unexcused Absence",
                "HS0003", EdFiConnector.CATEGORY + "Excused Absence"));
    List<String> s2 =
        ods.arrivals().stream().filter(a -> a.contains("|HS0002|")).distinct().toList();
    assertThat(s2)
        .as("per student-day order: the mark before its correction")
        .containsExactly(
            SECTION + "|HS0002|" + DATE + "|" + EdFiConnector.CATEGORY + "Tardy",
            SECTION + "|HS0002|" + DATE + "|" + EdFiConnector.CATEGORY + "Unexcused Absence");
    assertThat(ods.tokensIssued())
        .as("a new token after the revoked one")
        .isGreaterThanOrEqualTo(2);
    assertThat(ods.wrongCredentials()).isEmpty();
    assertThat(destinations.status(SCHOOL, destination.id()))
        .isEqualTo(new ExportDestinations.Status(0, 0, 5, 5, 0, 0, 0));
    assertThat(deliveries(destination.id())).as("no delivery for an alert").isEqualTo(5);
  }

  @Test
  void aClosedDaySendsEachStudentsSchoolAttendanceAndRejectsWhatCannotBeExpressed() {
    WebhookSubscription destination = connect(20);
    days.put(
        LocalDate.parse(DATE),
        List.of(
            new StudentDays.StudentDay("s1", Optional.of("HS0001"), "PRESENT"),
            new StudentDays.StudentDay("s2", Optional.of("HS0002"), "ABSENT"),
            new StudentDays.StudentDay("s3", Optional.of("HS0003"), "NOT_YET"),
            new StudentDays.StudentDay("s4", Optional.of("HS0004"), "LATE"),
            new StudentDays.StudentDay("s6", Optional.of("HS0006"), "PARTIAL"),
            new StudentDays.StudentDay("s5", Optional.empty(), "PRESENT")));
    ods.script(Behaviour.OK, Behaviour.ERROR_500);
    String closed =
        enqueue(ExportEventType.ATTENDANCE_DAY_CLOSED, "day:" + DATE, Map.of("date", DATE));

    drain(Duration.ofMinutes(10), 10);

    List<FakeEdFiOds.Resource> events = ods.resources(SCHOOL_EVENTS);
    assertThat(events).hasSize(4);
    assertThat(events)
        .extracting(r -> FakeEdFiOds.flatten(r.body()))
        .allSatisfy(
            flat ->
                assertThat(flat)
                    .containsEntry("schoolId", "255901")
                    .containsEntry("schoolYear", "2027")
                    .containsEntry("sessionName", "2026-2027 Học kỳ 1")
                    .containsEntry("eventDate", DATE));
    assertThat(events)
        .extracting(r -> FakeEdFiOds.flatten(r.body()).get("attendanceEventCategoryDescriptor"))
        .containsExactlyInAnyOrder(
            EdFiConnector.CATEGORY + "In Attendance",
            EdFiConnector.CATEGORY + "Unexcused Absence",
            EdFiConnector.CATEGORY + "Tardy",
            EdFiConnector.CATEGORY + "Partial");
    assertThat(destinations.status(SCHOOL, destination.id()).rejected()).isEqualTo(1);
    String report = report(destination.id());
    assertThat(report)
        .contains(closed + ",attendance.day.closed,THPT-T,,day:" + DATE)
        .contains("REJECTED")
        .contains("s5: no national learner id in the roster");

    // Replay: the same upserts again, still one resource per natural key.
    int postsBefore = ods.posts();
    assertThat(subscriptions.replay(SCHOOL, destination.id(), START)).isEqualTo(1);
    drain(Duration.ofMinutes(10), 10);
    assertThat(ods.posts()).isEqualTo(postsBefore + 4);
    assertThat(ods.resources(SCHOOL_EVENTS)).hasSize(4);
  }

  @Test
  void anOdsRejectionIsRecordedNotRetriedAndARefusingTokenEndpointEndsDeadUntilReplayed() {
    WebhookSubscription destination = connect(3);
    ods.unknownStudent("HS0404");
    String unknown = mark(ExportEventType.ATTENDANCE_MARKED, "s9", "HS0404", "PRESENT", null);
    drain(Duration.ofMinutes(10), 5);
    assertThat(ods.posts()).isEqualTo(1);
    assertThat(report(destination.id()))
        .contains(unknown)
        .contains("HS0404")
        .contains("REJECTED")
        .contains("studentReference HS0404 unresolved");

    ods.refuseTokens(401, 401, 401);
    clock.advance(Duration.ofHours(1)); // the cached token has expired
    String late = mark(ExportEventType.ATTENDANCE_MARKED, "s1", "HS0001", "LATE", null);
    drain(Duration.ofMinutes(10), 10);
    ExportDestinations.Status dead = destinations.status(SCHOOL, destination.id());
    assertThat(dead.dead()).isEqualTo(1);
    assertThat(subscriptions.dead(SCHOOL, destination.id(), 10))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.cloudEventId()).isEqualTo(late);
              assertThat(d.lastStatus()).contains(401);
              assertThat(d.lastError()).get().asString().contains("token endpoint");
            });

    assertThat(subscriptions.replay(SCHOOL, destination.id(), START.plus(Duration.ofMinutes(30))))
        .isEqualTo(1);
    drain(Duration.ofMinutes(10), 10);
    assertThat(ods.resources(SECTION))
        .extracting(r -> FakeEdFiOds.flatten(r.body()).get("studentUniqueId"))
        .containsExactly("HS0001");
  }

  @Test
  void anEdFiDestinationNeedsItsSchoolAndClientCredentials() {
    connect(3);
    assertThatThrownBy(
            () ->
                destinations.create(
                    SCHOOL,
                    new ExportDestinations.Request(
                        DestinationKind.EDFI,
                        Optional.of(SITE),
                        ods.dataUrl(),
                        List.of(),
                        Optional.empty(),
                        new DestinationSettings(
                            Optional.of(ods.tokenUrl()),
                            Optional.of(FakeReceiver.CLIENT_ID),
                            Optional.empty(),
                            Optional.of(2027),
                            Optional.of("S1")),
                        Optional.of("x"))))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("schoolId");
    assertThatThrownBy(
            () ->
                destinations.create(
                    SCHOOL,
                    new ExportDestinations.Request(
                        DestinationKind.EDFI,
                        Optional.of(SITE),
                        ods.dataUrl(),
                        List.of("alert.raised"),
                        Optional.empty(),
                        DestinationSettings.none(),
                        Optional.empty())))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("attendance.marked");
  }

  private String mark(
      ExportEventType type, String user, String learner, String status, String previous) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", SITE);
    data.put("date", DATE);
    data.put("entryId", "e-1");
    data.put("classId", "c-10a1-toan");
    data.put("room", "A101");
    data.put("userId", user);
    data.put("learnerId", learner);
    data.put("status", status);
    data.put("source", previous == null ? "TAP" : "CORRECTION");
    if (previous != null) {
      data.put("previousStatus", previous);
    }
    return enqueue(type, "student-day:" + user + "/" + DATE, data);
  }

  private String enqueue(ExportEventType type, String entity, Map<String, Object> data) {
    return Sql.inTransaction(
        dataSource,
        connection -> outbox.enqueue(connection, type, SITE, entity, data, clock.instant()));
  }

  private String report(String id) {
    StringWriter csv = new StringWriter();
    destinations.reconciliation(SCHOOL, id, csv);
    return csv.toString();
  }

  private void drain(Duration step, int maxRounds) {
    for (int round = 0; round < maxRounds; round++) {
      dispatcher.dispatchOnce();
      clock.advance(step);
      if (count("SELECT COUNT(*) FROM export_delivery WHERE state = 'PENDING'") == 0) {
        return;
      }
    }
  }

  private long deliveries(String id) {
    return count("SELECT COUNT(*) FROM export_delivery WHERE subscription_id = '" + id + "'");
  }

  private long count(String sql) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }
}
