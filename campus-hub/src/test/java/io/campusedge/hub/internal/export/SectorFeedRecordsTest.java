package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.attendance.Attendance;
import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.attendance.SchoolFixture;
import io.campusedge.hub.internal.attendance.SchoolImports;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.environment.MonthlyEnvironment;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.FakeReceiver.Behaviour;
import io.campusedge.hub.internal.facilities.Facilities;
import io.campusedge.hub.internal.facilities.FacilitySnapshot;
import io.campusedge.hub.internal.facilities.FacilityStore;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.MasterKey;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sector feed's record kinds beyond marks, made by the real domain code and sent to an
 * in-process sector database: a closed day's student-days and class-days, facilities records on
 * change and as a snapshot, rooms' monthly environment. Each test has the receiver reject one
 * record, makes the hub send a batch again (same record ids, stored once), checks order per entity
 * and validates every batch against docs/sector-feed/. On H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class SectorFeedRecordsTest {
  private static final String SITE = SchoolFixture.SITE;
  private static final Caller ADMIN =
      new Caller("hieu.truong", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of(SITE));
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);
  private static final int BATCH = 4;

  @Parameter TestDatabase database;
  // The domain classes stamp events with the system clock: the dispatcher's starts just after.
  private final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60));
  private final SectorFeedSchemas schemas = new SectorFeedSchemas();
  private final JsonMapper json = JsonMapper.createDefault();
  private DataSource dataSource;
  private ExportOutbox outbox;
  private AuditLog audit;
  private WebhookSubscriptions subscriptions;
  private ExportDestinations destinations;
  private WebhookDispatcher dispatcher;
  private FakeSectorDatabase receiver;
  private WebhookSubscription feed;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = database.migrated();
    outbox = new ExportOutbox(json);
    receiver = new FakeSectorDatabase(clock, false);
    ExportConfig config =
        new ExportConfig(
            Duration.ofSeconds(1),
            BATCH,
            4,
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMinutes(10),
            20,
            true,
            null,
            null);
    MasterKey master = TestMasterKeys.random();
    audit = new AuditLog(dataSource, json);
    subscriptions = new WebhookSubscriptions(dataSource, master, audit, config, clock);
    destinations = new ExportDestinations(dataSource, master, audit, subscriptions, json, clock);
    dispatcher =
        new WebhookDispatcher(dataSource, subscriptions, config, json, clock, new Random(5), null);
    feed = feedDestination();
  }

  @AfterEach
  void tearDown() {
    receiver.close();
    dispatcher.stop();
  }

  @Test
  void aClosedDayIsSentAsEachStudentsAndEachClasssDay() {
    RosterStore roster = new RosterStore(dataSource);
    SchoolImports imports = new SchoolImports(roster, audit);
    for (String room : List.of("A101", "A102")) {
      Sql.inTransaction(
          dataSource,
          connection ->
              connection
                  .createStatement()
                  .executeUpdate(
                      "INSERT INTO room (site, room_id, name) VALUES ('"
                          + SITE
                          + "', '"
                          + room
                          + "', '"
                          + room
                          + "')"));
    }
    imports.importRoster(ADMIN, SITE, SchoolFixture.zip(SchoolFixture.files()));
    imports.importTimetable(
        ADMIN,
        SITE,
        ("classSourcedId,room,weekday,startTime,endTime,termSourcedId,entryId\n"
                + "10A1,A101,1,07:00,07:45,hk1,a1-1\n"
                + "10A1,A101,1,08:00,08:45,hk1,a1-2\n"
                + "10A2,A102,1,07:00,07:45,hk1,a2-1\n")
            .getBytes(StandardCharsets.UTF_8));
    mark("a1-1", "10A1", "s1", "PRESENT");
    mark("a1-2", "10A1", "s1", "PRESENT");
    mark("a1-1", "10A1", "s2", "LATE");
    mark("a1-2", "10A1", "s2", "ABSENT");
    mark("a2-1", "10A2", "s4", "ABSENT");
    // s3 has no mark at all: no student-day; counted as unmarked in 10A1's day.
    String correction =
        Sql.inTransaction(
            dataSource,
            connection ->
                outbox.enqueue(
                    connection,
                    ExportEventType.ATTENDANCE_CORRECTED,
                    SITE,
                    "student-day:s1/" + MONDAY,
                    Map.of(
                        "site", SITE,
                        "date", MONDAY.toString(),
                        "entryId", "a1-2",
                        "classId", "10A1",
                        "userId", "s1",
                        "learnerId", "001209000001",
                        "status", "PRESENT",
                        "previousStatus", "ABSENT",
                        "source", "CORRECTION",
                        "recordedAt", Instant.now().toString()),
                    Instant.now()));
    receiver.unknownLearner("001209000004");
    receiver.script(Behaviour.SLOW); // stored, but answered after the hub gave up: sent again

    attendance().lockDay(ADMIN, SITE, MONDAY);
    drain();

    Map<String, Map<String, Object>> studentDays = byKey("attendance.student.day", "learnerId");
    assertThat(studentDays).containsOnlyKeys("001209000001", "001209000002");
    assertThat(data(studentDays.get("001209000001")))
        .containsEntry("status", "PRESENT")
        .containsEntry("lessons", 2)
        .containsEntry("present", 2)
        .containsEntry("userId", "s1")
        .containsEntry("date", MONDAY.toString());
    assertThat(data(studentDays.get("001209000002")))
        .containsEntry("status", "PARTIAL")
        .containsEntry("late", 1)
        .containsEntry("absent", 1);
    assertThat(studentDays.get("001209000001"))
        .containsEntry("schoolCode", SITE)
        .containsEntry("entityKey", "student-day:s1/" + MONDAY);

    Map<String, Map<String, Object>> classDays = byData("attendance.class.day", "classId");
    assertThat(data(classDays.get("10A1")))
        .containsEntry("lessons", 2)
        .containsEntry("enrolled", 3)
        .containsEntry("present", 1)
        .containsEntry("partial", 1)
        .containsEntry("unmarked", 1)
        .containsEntry("absent", 0);
    assertThat(data(classDays.get("10A2")))
        .containsEntry("enrolled", 1)
        .containsEntry("absent", 1)
        .containsEntry("present", 0);

    assertThat(report())
        .filteredOn(l -> l.contains("attendance.student.day") && l.contains("001209000004"))
        .singleElement()
        .asString()
        .contains(",SENT,")
        .contains(",REJECTED,mã định danh 001209000004 không tồn tại,");
    // The correction made before the close comes first, in an earlier batch.
    assertThat(batchOf(correction))
        .isLessThan(batchOf((String) studentDays.get("001209000001").get("recordId")));
    assertThat(receiver.repeats()).as("the slow batch came again").isPositive();
    assertValidBatchesWithoutNames();
    assertEveryRecordIsAnEventOnce();
  }

  @Test
  void facilitiesRecordsFollowEachChangeAndASnapshotGoesToOneDestinationOnly() {
    Facilities facilities = facilities();
    facilities.importRooms(
        ADMIN,
        SITE,
        csv(
            "roomId,name,building,kind,capacity\n"
                + "A101,Phòng A101,A,CLASSROOM,40\n"
                + "LAB1,Phòng thí nghiệm Lý,B,LAB,24\n"
                + "X1,Kho cũ,,HALL,\n"));
    facilities.importEquipment(
        ADMIN,
        SITE,
        csv(
            "assetCode,type,model,serial,room,commissioned,status,gatewayId,deviceId,"
                + "maintenanceIntervalDays,lastMaintenance\n"
                + "P-1,projector,EB-X51,SN1,A101,2024-08-01,IN_USE,gw-a101,proj1,180,2026-05-01\n"
                + "B-1,balance,,,LAB1,,IN_USE,,,,\n"));
    facilities.update(
        ADMIN, SITE, "P-1", Optional.of("FAULTY"), Optional.of("bóng đèn cháy"), Optional.empty());
    facilities.update(
        ADMIN, SITE, "P-1", Optional.empty(), Optional.of("đã báo Sở"), Optional.empty());
    facilities.importRooms(
        ADMIN,
        SITE,
        csv(
            "roomId,name,building,kind,capacity\n"
                + "A101,Phòng A101,A,CLASSROOM,42\n"
                + "LAB1,Phòng thí nghiệm Lý,B,LAB,24\n"));
    WebhookSubscription other = feedDestination();
    FacilitySnapshot.Queued queued =
        new FacilitySnapshot(dataSource, store(), subscriptions, outbox, audit, config())
            .send(ADMIN, feed.id());
    assertThat(queued.rooms()).isEqualTo(2);
    assertThat(queued.equipment()).isEqualTo(2);
    assertThat(deliveries(other.id())).as("the snapshot is not the other feed's").isEqualTo(0);
    subscriptions.disable(ADMIN, other.id());
    receiver.refuseEntity("asset:B-1", "mã tài sản B-1 chưa có trong danh mục");
    receiver.script(Behaviour.SLOW);

    drain();

    Map<String, List<String>> changes = changesByEntity();
    assertThat(changes)
        .containsEntry("facility-room:A101", List.of("ADDED", "CHANGED", "SNAPSHOT"))
        .containsEntry("facility-room:LAB1", List.of("ADDED", "SNAPSHOT"))
        .containsEntry("facility-room:X1", List.of("ADDED", "REMOVED"))
        .as("a notes change sends nothing; order per asset holds")
        .containsEntry("asset:P-1", List.of("ADDED", "CHANGED", "SNAPSHOT"))
        .doesNotContainKey("asset:B-1");
    Map<String, Object> faulty =
        receiver.records().stream()
            .filter(r -> r.get("entityKey").equals("asset:P-1"))
            .map(SectorFeedRecordsTest::data)
            .filter(d -> d.get("change").equals("CHANGED"))
            .findFirst()
            .orElseThrow();
    assertThat(faulty)
        .containsEntry("status", "FAULTY")
        .containsEntry("maintenanceDue", "2026-10-28")
        .containsEntry("maintenanceOverdue", true)
        .doesNotContainKeys("notes", "gatewayId", "updatedBy");
    assertThat(report())
        .filteredOn(l -> l.contains("asset:B-1"))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains(",REJECTED,mã tài sản B-1"));
    assertThat(receiver.repeats()).isPositive();
    assertValidBatchesWithoutNames();
    assertEveryRecordIsAnEventOnce();
  }

  @Test
  void aClosedMonthIsSummedUpOncePerRoomForTheFeedAndWebhooks() {
    // The month the hub closes by now (the class's clock is the system's).
    YearMonth month = YearMonth.from(LocalDate.now(ZONE).minusDays(3)).minusMonths(1);
    lesson("A101", month.atDay(2), 40, 900.0, 1600.0, 0, 26.0, 24.0, 28.0, 70.0, "GOOD");
    lesson("A101", month.atDay(9), 20, 1500.0, 2100.0, 12, 29.0, 27.5, 31.0, 80.0, "POOR");
    lesson("A101", month.atDay(16), 0, null, null, 0, null, null, null, null, "UNKNOWN");
    lesson("A102", month.atDay(3), 45, 700.0, 800.0, 0, 25.0, 24.5, 25.5, null, "GOOD");
    lesson(
        "A101",
        month.plusMonths(1).atDay(1),
        45,
        3000.0,
        3000.0,
        45,
        35.0,
        35.0,
        35.0,
        90.0,
        "POOR"); // next month: not closed yet
    WebhookSubscriptions.Created webhook =
        subscriptions.create(
            ADMIN,
            Optional.of(SITE),
            "http://127.0.0.1:9/hooks",
            List.of("room.environment.monthly"),
            Optional.empty());
    String lessonSummary =
        Sql.inTransaction(
            dataSource,
            connection ->
                outbox.enqueue(
                    connection,
                    ExportEventType.ROOM_ENVIRONMENT_SUMMARY,
                    SITE,
                    "room:A101",
                    Map.of("site", SITE, "room", "A101", "co2Avg", 900.0),
                    Instant.now()));
    MonthlyEnvironment months =
        new MonthlyEnvironment(dataSource, EnvironmentConfig.defaults(), config(), outbox);

    assertThat(months.closeMonths()).isEqualTo(2);
    assertThat(months.closeMonths()).as("once per room and month").isZero();
    assertThat(deliveries(webhook.subscription().id())).isEqualTo(2);
    subscriptions.disable(ADMIN, webhook.subscription().id());
    receiver.refuseEntity("room:A102", "phòng A102 chưa đăng ký");
    receiver.script(Behaviour.SLOW);

    drain();

    Map<String, Map<String, Object>> monthly = byData("room.environment.monthly", "room");
    assertThat(monthly).containsOnlyKeys("A101");
    assertThat(data(monthly.get("A101")))
        .containsEntry("month", month.toString())
        .containsEntry("lessons", 3)
        .containsEntry("measuredLessons", 2)
        .containsEntry("measuredMinutes", 60)
        .containsEntry("co2Avg", 1100.0) // (900*40 + 1500*20) / 60
        .containsEntry("co2Max", 2100.0)
        .containsEntry("co2MinutesAboveAct", 12)
        .containsEntry("temperatureAvg", 27.0)
        .containsEntry("temperatureMin", 24.0)
        .containsEntry("temperatureMax", 31.0)
        .containsEntry("humidityAvg", 73.3)
        .containsEntry("lessonsGood", 1)
        .containsEntry("lessonsPoor", 1)
        .containsEntry("lessonsFair", 0)
        .doesNotContainKey("noiseAvg");
    assertThat(monthly.get("A101"))
        .containsEntry("entityKey", "room:A101")
        .containsEntry(
            "occurredAt", month.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant().toString());
    assertThat(batchOf(lessonSummary))
        .as("the room's earlier record first")
        .isLessThan(batchOf((String) monthly.get("A101").get("recordId")));
    assertThat(report())
        .filteredOn(l -> l.contains("room.environment.monthly") && l.contains("room:A102"))
        .singleElement()
        .asString()
        .contains(",REJECTED,phòng A102 chưa đăng ký");
    assertThat(receiver.repeats()).isPositive();
    assertValidBatchesWithoutNames();
    assertEveryRecordIsAnEventOnce();
  }

  private WebhookSubscription feedDestination() {
    return destinations.create(
        ADMIN,
        new ExportDestinations.Request(
            DestinationKind.SECTOR_FEED,
            Optional.of(SITE),
            receiver.feedUrl(),
            List.of(),
            Optional.of("CSDL ngành"),
            DestinationSettings.none(),
            Optional.empty()));
  }

  private static AttendanceConfig config() {
    return AttendanceConfig.defaults();
  }

  private Attendance attendance() {
    LiveEvents events =
        new LiveEvents(null, null, new EventsConfig(10, Duration.ofSeconds(15))) {
          @Override
          public void publish(LiveEvent event) {}
        };
    return new Attendance(dataSource, new RosterStore(dataSource), config(), audit, events, outbox);
  }

  private FacilityStore store() {
    return new FacilityStore(dataSource, outbox);
  }

  private Facilities facilities() {
    return new Facilities(store(), audit, config());
  }

  private void mark(String entryId, String classId, String userId, String status) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO attendance_mark (site, entry_id, session_date, user_id, class_id,"
                      + " status, source, updated_at) VALUES (?,?,?,?,?,?,'TAP',?)")) {
            insert.setString(1, SITE);
            insert.setString(2, entryId);
            insert.setObject(3, MONDAY);
            insert.setString(4, userId);
            insert.setString(5, classId);
            insert.setString(6, status);
            insert.setObject(7, Sql.utc(Instant.now()));
            return insert.executeUpdate();
          }
        });
  }

  private void lesson(
      String room,
      LocalDate day,
      int minutes,
      Double co2Avg,
      Double co2Max,
      int co2Above,
      Double temperatureAvg,
      Double temperatureMin,
      Double temperatureMax,
      Double humidityAvg,
      String comfort) {
    Instant start = day.atTime(7, 0).atZone(ZONE).toInstant();
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO lesson_environment (site, entry_id, lesson_date, room_id,"
                      + " class_id, starts_at, ends_at, measured_minutes, co2_avg, co2_max,"
                      + " co2_minutes_above_act, temperature_avg, temperature_min,"
                      + " temperature_max, humidity_avg, illuminance_avg, noise_avg, comfort,"
                      + " created_at) VALUES (?,?,?,?,'10A1',?,?,?,?,?,?,?,?,?,?,NULL,NULL,?,?)")) {
            insert.setString(1, SITE);
            insert.setString(2, room + "-" + day);
            insert.setObject(3, day);
            insert.setString(4, room);
            insert.setObject(5, Sql.utc(start));
            insert.setObject(6, Sql.utc(start.plus(Duration.ofMinutes(45))));
            insert.setInt(7, minutes);
            insert.setObject(8, co2Avg, java.sql.Types.DOUBLE);
            insert.setObject(9, co2Max, java.sql.Types.DOUBLE);
            insert.setInt(10, co2Above);
            insert.setObject(11, temperatureAvg, java.sql.Types.DOUBLE);
            insert.setObject(12, temperatureMin, java.sql.Types.DOUBLE);
            insert.setObject(13, temperatureMax, java.sql.Types.DOUBLE);
            insert.setObject(14, humidityAvg, java.sql.Types.DOUBLE);
            insert.setString(15, comfort);
            insert.setObject(16, Sql.utc(Instant.now()));
            return insert.executeUpdate();
          }
        });
  }

  private void drain() {
    for (int round = 0; round < 60 && pending() > 0; round++) {
      dispatcher.dispatchOnce();
      clock.advance(Duration.ofMinutes(10));
    }
    assertThat(pending()).as("every delivery answered").isZero();
  }

  private long pending() {
    return count(
        "SELECT COUNT(*) FROM export_delivery WHERE state = 'PENDING' AND subscription_id = ?",
        feed.id());
  }

  private long deliveries(String subscriptionId) {
    return count("SELECT COUNT(*) FROM export_delivery WHERE subscription_id = ?", subscriptionId);
  }

  private long count(String sql, String parameter) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter != null) {
              select.setString(1, parameter);
            }
            try (var rows = select.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }

  private Map<String, Map<String, Object>> byKey(String type, String key) {
    return receiver.records().stream()
        .filter(r -> type.equals(r.get("recordType")))
        .collect(Collectors.toMap(r -> (String) r.get(key), Function.identity()));
  }

  private Map<String, Map<String, Object>> byData(String type, String field) {
    return receiver.records().stream()
        .filter(r -> type.equals(r.get("recordType")))
        .collect(Collectors.toMap(r -> (String) data(r).get(field), Function.identity()));
  }

  // The receiver keeps records in arrival order: each entity's changes as they arrived.
  private Map<String, List<String>> changesByEntity() {
    return receiver.records().stream()
        .collect(
            Collectors.groupingBy(
                r -> (String) r.get("entityKey"),
                Collectors.mapping(r -> (String) data(r).get("change"), Collectors.toList())));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> record) {
    return (Map<String, Object>) record.get("data");
  }

  private int batchOf(String recordId) {
    List<Map<String, Object>> batches = receiver.batches();
    for (int i = 0; i < batches.size(); i++) {
      if (records(batches.get(i)).stream().anyMatch(r -> recordId.equals(r.get("recordId")))) {
        return i;
      }
    }
    throw new AssertionError("record " + recordId + " was never sent");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> records(Map<String, Object> batch) {
    return (List<Map<String, Object>>) batch.get("records");
  }

  private void assertValidBatchesWithoutNames() {
    assertThat(receiver.batches()).isNotEmpty();
    for (Map<String, Object> batch : receiver.batches()) {
      String text;
      try {
        text = json.writeValueAsString(batch);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      assertThat(schemas.batchErrors(text)).as(text).isEmpty();
      assertThat(text).doesNotContain("givenName", "familyName", "Nguyễn", "hieu.truong");
      List<Map<String, Object>> records = records(batch);
      assertThat(records).hasSizeLessThanOrEqualTo(BATCH);
      assertThat(records.stream().map(r -> r.get("entityKey")).distinct().count())
          .as("one record per entity in a batch")
          .isEqualTo(records.size());
    }
  }

  // Whatever was stored is an outbox event of this feed, under its event id, stored once.
  private void assertEveryRecordIsAnEventOnce() {
    List<String> eventIds = new ArrayList<>();
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT e.cloud_event_id FROM export_delivery d"
                      + " JOIN export_event e ON e.event_id = d.event_id"
                      + " WHERE d.subscription_id = ? AND d.receiver_answer = 'ACCEPTED'")) {
            select.setString(1, feed.id());
            try (var rows = select.executeQuery()) {
              while (rows.next()) {
                eventIds.add(rows.getString(1));
              }
            }
          }
          return null;
        });
    assertThat(receiver.records())
        .extracting(r -> (String) r.get("recordId"))
        .containsExactlyInAnyOrderElementsOf(eventIds);
  }

  private List<String> report() {
    java.io.StringWriter csv = new java.io.StringWriter();
    destinations.reconciliation(ADMIN, feed.id(), csv);
    return List.of(csv.toString().split("\r\n"));
  }

  private static byte[] csv(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
