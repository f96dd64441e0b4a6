package io.campusedge.hub.internal.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.campusedge.hub.internal.alerts.Alert;
import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.SiteKeys;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.BatchOutcome;
import io.campusedge.hub.internal.store.JdbcGatewayInventoryStore;
import io.campusedge.hub.internal.store.JdbcRecordStore;
import io.campusedge.hub.internal.store.RegisteredGateway;
import io.campusedge.hub.internal.store.TestDatabase;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.Record;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Card taps stored by the record store become attendance: enrolment mode registers cards, taps in a
 * lesson mark present or late, the lesson's end marks the rest absent, late-delivered taps still
 * count, corrections need a reason and a teacher of the class, closed days do not change. On H2 and
 * PostgreSQL. Monday 2026-12-07 in Asia/Ho_Chi_Minh (UTC+7).
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class AttendanceFlowTest {
  private static final String SITE = SchoolFixture.SITE;
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
  private static final Caller ADMIN =
      new Caller("hieu.truong", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of(SITE));
  private static final Caller TEACHER =
      new Caller("co.lan", Caller.Kind.USER, Role.TEACHER, Set.of(SITE));
  private static final Caller OTHER_TEACHER =
      new Caller("thay.nam", Caller.Kind.USER, Role.TEACHER, Set.of(SITE));

  @Parameter TestDatabase database;
  private DataSource dataSource;
  private JdbcRecordStore store;
  private Cards cards;
  private SiteKeys siteKeys;
  private Alerts alerts;
  private RosterStore roster;
  private final List<LiveEvent> published = new CopyOnWriteArrayList<>();
  private final AttendanceConfig config =
      new AttendanceConfig(
          "Asia/Ho_Chi_Minh",
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(2),
          7,
          Duration.ofMinutes(1),
          7);
  private final ExportOutbox outbox = new ExportOutbox(JsonMapper.createDefault());
  private long seq;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = database.migrated();
    LiveEvents events =
        new LiveEvents(
            new LiveState(
                new JdbcRecordStore(dataSource), new JdbcGatewayInventoryStore(dataSource)),
            new io.campusedge.hub.internal.store.GatewayRegistry() {
              @Override
              public Optional<RegisteredGateway> find(String gatewayId) {
                return Optional.of(new RegisteredGateway(gatewayId, SITE));
              }

              @Override
              public Optional<RegisteredGateway> authenticate(String gatewayId, byte[] password) {
                return find(gatewayId);
              }

              @Override
              public void register(String gatewayId, String site, String password) {}
            },
            new EventsConfig(10_000, Duration.ofSeconds(15)));
    events.subscribe("test", event -> true).subscribe(published::add);
    AuditLog audit = new AuditLog(dataSource, JsonMapper.createDefault());
    alerts = new Alerts(dataSource, events, audit, outbox);
    siteKeys = new SiteKeys(dataSource, TestMasterKeys.random(), audit);
    cards = new Cards(dataSource, config, audit, siteKeys);
    roster = new RosterStore(dataSource);
    store =
        new JdbcRecordStore(
            dataSource, List.of(new AttendanceTaps(cards, alerts, events, config, outbox)));
    try (Connection connection = dataSource.getConnection()) {
      sql(connection, "INSERT INTO room (site, room_id, name) VALUES ('THPT-T', 'A101', 'A101')");
      sql(connection, "INSERT INTO room (site, room_id, name) VALUES ('THPT-T', 'A102', 'A102')");
      sql(
          connection,
          "INSERT INTO device (gateway_id, device_id, site, device_type, room_id)"
              + " VALUES ('gw-a101', 'a101-door', 'THPT-T', 'mfrc522', 'A101')");
    }
    new SchoolImports(roster, audit)
        .importRoster(ADMIN, SITE, SchoolFixture.zip(SchoolFixture.files()));
    Instant sunday = MONDAY.minusDays(1).atStartOfDay(ZONE).toInstant();
    importTimetableAt(sunday);
  }

  @Test
  void aSchoolMorningBecomesMarksAlertsAndACorrection() {
    register("s1", "card-1");
    register("s2", "card-2");
    register("s4", "card-4");
    register("s3", "card-3");

    tap("card-1", at("06:50"));
    tap("card-2", at("07:09"));
    tap("card-4", at("07:02")); // s4 is in 10A2, whose lesson is in A102
    tap("unknown", at("07:03"));
    tap("unknown", at("07:04"));
    tap("card-1", at("09:30")); // no lesson in A101 then

    closer(at("07:46")).closeEnded(at("07:46"));

    Attendance attendance = attendance(at("07:50"));
    Attendance.ClassList list = attendance.classList(TEACHER, SITE, "10A1-1-0700", MONDAY);
    assertThat(marks(list))
        .containsEntry("s1", "PRESENT/TAP")
        .containsEntry("s2", "LATE/TAP")
        .containsEntry("s3", "ABSENT/CLOSE");
    assertThat(list.session().closed()).isTrue();
    assertThat(list.session().present()).isEqualTo(1);

    List<Alert> open = alerts.list(ADMIN, Optional.of(SITE), Optional.of(Alert.State.OPEN), 100);
    assertThat(open)
        .extracting(Alert::kind)
        .containsExactlyInAnyOrder(
            AlertKind.UNKNOWN_CARD, AlertKind.NOT_ENROLLED, AlertKind.TAP_OUTSIDE_SESSION);
    assertThat(
            open.stream()
                .filter(a -> a.kind() == AlertKind.UNKNOWN_CARD)
                .findFirst()
                .orElseThrow()
                .occurrences())
        .isEqualTo(2);
    // Teachers do not see attendance alerts; they see their class list.
    assertThat(alerts.list(TEACHER, Optional.of(SITE), Optional.empty(), 100)).isEmpty();

    // s3's tap at 07:03, delivered after the lesson closed (gateway was offline), still counts.
    tap("card-3", at("07:03"));
    assertThat(marks(attendance.classList(ADMIN, SITE, "10A1-1-0700", MONDAY)))
        .containsEntry("s3", "PRESENT/TAP");

    Attendance.StudentMark corrected =
        attendance.correct(
            TEACHER, SITE, "10A1-1-0700", MONDAY, "s2", "excused", "giấy phép của phụ huynh");
    assertThat(corrected.status()).isEqualTo("EXCUSED");
    assertThat(corrected.updatedBy()).isEqualTo("co.lan");
    // A later tap never overrides a teacher's correction.
    tap("card-2", at("07:01"));
    assertThat(marks(attendance.classList(ADMIN, SITE, "10A1-1-0700", MONDAY)))
        .containsEntry("s2", "EXCUSED/CORRECTION");

    assertThat(attendance.daily(ADMIN, SITE, MONDAY))
        .filteredOn(d -> d.userId().equals("s2"))
        .singleElement()
        .satisfies(d -> assertThat(d.lessons()).isEqualTo(2));

    // Live events reach subscribers on Reactor's threads.
    await()
        .atMost(java.time.Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(published)
                  .filteredOn(LiveEvent.AttendanceEvent.class::isInstance)
                  .extracting(
                      e ->
                          ((LiveEvent.AttendanceEvent) e).userId()
                              + ":"
                              + ((LiveEvent.AttendanceEvent) e).status())
                  .contains("s1:PRESENT", "s2:LATE", "s3:ABSENT", "s3:PRESENT", "s2:EXCUSED");
              assertThat(published).anyMatch(LiveEvent.AlertEvent.class::isInstance);
            });
  }

  @Test
  void aDuplicateBatchMarksNothingTwiceAndRaisesNoSecondAlert() {
    register("s1", "card-1");
    Batch batch = batch(tapRecord("card-1", at("06:58")), tapRecord("nobody", at("06:59")));

    store.store(batch);
    BatchOutcome again = store.store(batch);

    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(again.afterCommit()).isEmpty();
    assertThat(alerts.list(ADMIN, Optional.of(SITE), Optional.empty(), 10))
        .singleElement()
        .satisfies(a -> assertThat(a.occurrences()).isEqualTo(1));
  }

  @Test
  void aCardAlreadyRegisteredFailsTheSecondEnrolment() {
    register("s1", "card-1");

    CardEnrolment second = cards.requestEnrolment(ADMIN, SITE, "a101-door", "s2");
    tap("card-1", Instant.now());

    CardEnrolment done = cards.enrolment(ADMIN, SITE, second.id());
    assertThat(done.state()).isEqualTo(CardEnrolment.State.FAILED);
    assertThat(done.outcome())
        .hasValueSatisfying(o -> assertThat(o).contains("already registered to user 's1'"));
    assertThat(cards.cards(ADMIN, SITE, Optional.empty()))
        .extracting(Cards.RegisteredCard::userId)
        .containsExactly("s1");
  }

  @Test
  void cardsRegisteredFromAUidListMatchWhatTheGatewaySendsAndBadListsChangeNothing() {
    String list = "userSourcedId,uid\ns1,04 A1 B2 C3 D4 E5 F6\ns2,04:11:22:33:44:55:66\n";
    Cards.UidRegistration done =
        cards.registerUids(ADMIN, SITE, list.getBytes(StandardCharsets.UTF_8));
    assertThat(done.registered()).isEqualTo(2);

    // The gateway hashes the UID it reads with the same site key: the tap is s1's.
    byte[] key = siteKeys.current(SITE).key();
    byte[] ref =
        io.campusedge.protos.v1.CardReferences.of(
            key, java.util.HexFormat.of().parseHex("04A1B2C3D4E5F6"));
    store.store(batch(tapRecordWithRef(ref, at("06:58"))));
    closer(at("07:46")).closeEnded(at("07:46"));
    assertThat(marks(attendance(at("08:00")).classList(ADMIN, SITE, "10A1-1-0700", MONDAY)))
        .containsEntry("s1", "PRESENT/TAP");

    String bad =
        "userSourcedId,uid\ns3,04AABBCCDDEEFF\nghost,04AABBCCDDEE00\ns4,04A1B2C3D4E5F6\ns3,nothex\n";
    assertThatThrownBy(() -> cards.registerUids(ADMIN, SITE, bad.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ImportProblem::toString)
                    .containsExactlyInAnyOrder(
                        "cards.csv:5: uid 'nothex' is not a 4, 7 or 10 byte UID in hex (e.g."
                            + " 04A1B2C3D4E5F6)"));
    String conflicting =
        "userSourcedId,uid\ns3,04AABBCCDDEEFF\nghost,04AABBCCDDEE00\ns4,04A1B2C3D4E5F6\n";
    assertThatThrownBy(
            () -> cards.registerUids(ADMIN, SITE, conflicting.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ImportProblem::toString)
                    .containsExactlyInAnyOrder(
                        "cards.csv:3: user 'ghost' is not in the roster",
                        "cards.csv:4: this card is already registered to user 's1'"));
    // Nothing of the refused lists was kept: s3's card is not registered.
    assertThat(cards.cards(ADMIN, SITE, Optional.of("s3"))).isEmpty();
  }

  @Test
  void enrolmentNeedsAKnownUserAKnownReaderAndAnAdministrator() {
    assertThatThrownBy(() -> cards.requestEnrolment(ADMIN, SITE, "a101-door", "nobody"))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.kind()).isEqualTo(RejectedException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> cards.requestEnrolment(ADMIN, SITE, "no-such-reader", "s1"))
        .hasMessageContaining("reader 'no-such-reader' has not been reported");
    assertThatThrownBy(() -> cards.requestEnrolment(TEACHER, SITE, "a101-door", "s1"))
        .hasMessageContaining("may not register cards");
  }

  @Test
  void correctionsNeedAReasonTheClassesTeacherAndAnOpenDay() {
    Attendance attendance = attendance(at("10:00"));

    assertThatThrownBy(
            () -> attendance.correct(TEACHER, SITE, "10A1-1-0700", MONDAY, "s1", "PRESENT", " "))
        .hasMessageContaining("needs a reason");
    assertThatThrownBy(
            () -> attendance.correct(TEACHER, SITE, "10A1-1-0700", MONDAY, "s1", "HERE", "x"))
        .hasMessageContaining("is not one of PRESENT, LATE, ABSENT, EXCUSED");
    assertThatThrownBy(
            () ->
                attendance.correct(
                    OTHER_TEACHER, SITE, "10A1-1-0700", MONDAY, "s1", "PRESENT", "x"))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.kind()).isEqualTo(RejectedException.Kind.NOT_FOUND));
    assertThatThrownBy(
            () -> attendance.correct(TEACHER, SITE, "10A1-1-0700", MONDAY, "s4", "PRESENT", "x"))
        .hasMessageContaining("is not a student of class 10A1");
    assertThat(attendance.sessions(OTHER_TEACHER, SITE, MONDAY)).isEmpty();
    assertThat(attendance.sessions(TEACHER, SITE, MONDAY))
        .extracting(Attendance.SessionView::classId)
        .containsOnly("10A1");

    attendance.lockDay(ADMIN, SITE, MONDAY);

    assertThatThrownBy(
            () ->
                attendance.correct(
                    TEACHER, SITE, "10A1-1-0700", MONDAY, "s1", "PRESENT", "seen in class"))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e -> assertThat(e.kind()).isEqualTo(RejectedException.Kind.CONFLICT))
        .hasMessageContaining("was closed by an administrator");
    Attendance weekLater = attendance(at("10:00").plus(Duration.ofDays(9)));
    assertThatThrownBy(
            () ->
                weekLater.correct(
                    TEACHER, SITE, "10A1-1-0700", MONDAY, "s1", "PRESENT", "late note"))
        .hasMessageContaining("corrections are allowed for 7 days");
  }

  @Test
  void lessonsBeforeTheTimetableWasImportedAreNeverClosed() {
    // Re-imported at 08:30 with the 08:00 lesson moved to 08:05: that entry is new at 08:30.
    importTimetableAt(at("08:30"));
    SessionCloser closer = closer(at("09:00"));

    // The 07:00 lessons of 10A1 and 10A2 are unchanged (created on Sunday) and close; the moved
    // lesson began before its entry existed, so nobody could tap for it: not closed.
    assertThat(closer.closeEnded(at("09:00"))).isEqualTo(2);
    assertThat(closer.closeEnded(at("09:00"))).isZero();
  }

  @Test
  void timetableProblemsAreReportedWithLinesAndTheOldTimetableStays() {
    String bad =
        """
        classSourcedId,room,weekday,startTime,endTime
        10A1,A101,1,07:00,07:45
        10A2,A101,1,07:30,08:15
        10A9,A101,2,07:00,07:45
        10A1,B999,3,07:00,07:45
        10A1,A101,8,07:00,07:45
        10A1,A101,4,09:00,08:00
        10A1,A102,1,07:10,07:20
        """;
    assertThatThrownBy(
            () ->
                new SchoolImports(roster, new AuditLog(dataSource, JsonMapper.createDefault()))
                    .importTimetable(ADMIN, SITE, bad.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ImportProblem::toString)
                    .contains(
                        "timetable.csv:3: overlaps line 2 in room A101 (10A1 07:00-07:45)",
                        "timetable.csv:4: class '10A9' is not in the imported roster",
                        "timetable.csv:6: weekday '8' is not 1-7 (1 = Monday) or MON..SUN",
                        "timetable.csv:7: endTime 08:00 is not after startTime 09:00",
                        "timetable.csv:8: class 10A1 is already in room A101 at that time (line 2)")
                    .anyMatch(p -> p.startsWith("timetable.csv:5: room 'B999' is not known")));
    assertThat(roster.timetable(SITE)).hasSize(3);
  }

  // ---- helpers

  private void importTimetableAt(Instant when) {
    Map<String, TimetableEntry> previous =
        roster.timetable(SITE).stream().collect(Collectors.toMap(TimetableEntry::entryId, e -> e));
    String csv =
        previous.isEmpty()
            ? SchoolFixture.TIMETABLE
            : SchoolFixture.TIMETABLE.replace("08:00,08:45", "08:05,08:50");
    roster.replaceTimetable(
        SITE,
        TimetableCsv.read(
            csv.getBytes(StandardCharsets.UTF_8),
            Set.of("10A1", "10A2"),
            roster.terms(SITE),
            roster.knownRooms(SITE),
            previous,
            when));
  }

  private Attendance attendance(Instant now) {
    return new Attendance(
        dataSource,
        roster,
        config,
        new AuditLog(dataSource, JsonMapper.createDefault()),
        new LiveEvents(null, null, new EventsConfig(10, Duration.ofSeconds(15))) {
          @Override
          public void publish(LiveEvent event) {
            published.add(event);
          }
        },
        outbox,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private SessionCloser closer(Instant now) {
    return new SessionCloser(
        dataSource,
        roster,
        config,
        new LiveEvents(null, null, new EventsConfig(10, Duration.ofSeconds(15))) {
          @Override
          public void publish(LiveEvent event) {
            published.add(event);
          }
        },
        outbox,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private void register(String userId, String card) {
    CardEnrolment enrolment = cards.requestEnrolment(ADMIN, SITE, "a101-door", userId);
    tap(card, Instant.now());
    assertThat(cards.enrolment(ADMIN, SITE, enrolment.id()).state())
        .isEqualTo(CardEnrolment.State.REGISTERED);
  }

  private static Instant at(String localTime) {
    return MONDAY.atTime(java.time.LocalTime.parse(localTime)).atZone(ZONE).toInstant();
  }

  private BatchOutcome tap(String card, Instant when) {
    BatchOutcome outcome = store.store(batch(tapRecord(card, when)));
    outcome.afterCommit().forEach(Runnable::run);
    return outcome;
  }

  private Record tapRecord(String card, Instant when) {
    return tapRecordWithRef(sha256(card), when);
  }

  private Record tapRecordWithRef(byte[] ref, Instant when) {
    return Record.newBuilder()
        .setSeq(++seq)
        .setClock(ClockState.newBuilder().setSynced(true).setBootId("b").setMonotonicMs(seq))
        .setCardTap(
            CardTap.newBuilder()
                .setReaderId("a101-door")
                .setCardRef(ByteString.copyFrom(ref))
                .setSourceTimeMs(when.toEpochMilli())
                .setKeyId("k1"))
        .build();
  }

  private static Batch batch(Record... records) {
    return Batch.newBuilder()
        .setSite(SITE)
        .setGatewayId("gw-a101")
        .setEpoch(1)
        .addAllRecords(List.of(records))
        .build();
  }

  private static Map<String, String> marks(Attendance.ClassList list) {
    Map<String, String> marks = new java.util.TreeMap<>();
    for (Attendance.StudentMark student : list.students()) {
      marks.put(student.userId(), student.status() + "/" + student.source());
    }
    return marks;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sql(Connection connection, String statement) throws Exception {
    try (PreparedStatement update = connection.prepareStatement(statement)) {
      update.executeUpdate();
    }
  }
}
