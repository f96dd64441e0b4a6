package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.export.FakeReceiver.Behaviour;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.ForbiddenException;
import io.campusedge.hub.internal.security.MasterKey;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sector database feed against an in-process receiver that misbehaves on purpose (token
 * endpoint refusing, 500s, 429 with Retry-After, a timeout, a closed connection, a revoked token,
 * one record of a batch rejected, one left out of an answer): every record is stored once by its
 * id, in order per entity, in bounded batches valid against docs/sector-feed/; rejections and their
 * reasons are in the reconciliation report; dead-letter and replay work. Test clock throughout.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class SectorFeedTest {
  private static final String SITE = "THPT-T";
  private static final Caller SCHOOL =
      new Caller("hieu.truong", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of(SITE));
  private static final Instant START = Instant.parse("2026-12-07T01:00:00Z");
  private static final int BATCH = 4;

  @Parameter TestDatabase database;
  private final MutableClock clock = new MutableClock(START);
  private final SectorFeedSchemas schemas = new SectorFeedSchemas();
  private final JsonMapper json = JsonMapper.createDefault();
  private DataSource dataSource;
  private ExportOutbox outbox;
  private WebhookSubscriptions subscriptions;
  private ExportDestinations destinations;
  private WebhookDispatcher dispatcher;
  private FakeSectorDatabase receiver;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    outbox = new ExportOutbox(json);
  }

  @AfterEach
  void tearDown() {
    if (receiver != null) {
      receiver.close();
    }
    if (dispatcher != null) {
      dispatcher.stop();
    }
  }

  private WebhookSubscription feed(int maxAttempts, boolean oauth) throws Exception {
    receiver = new FakeSectorDatabase(clock, oauth);
    ExportConfig config =
        new ExportConfig(
            Duration.ofSeconds(1),
            BATCH,
            4,
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMinutes(10),
            maxAttempts,
            true,
            null,
            null);
    MasterKey master = TestMasterKeys.random();
    AuditLog audit = new AuditLog(dataSource, json);
    subscriptions = new WebhookSubscriptions(dataSource, master, audit, config, clock);
    destinations = new ExportDestinations(dataSource, master, audit, subscriptions, json, clock);
    dispatcher =
        new WebhookDispatcher(dataSource, subscriptions, config, json, clock, new Random(3), null);
    DestinationSettings settings =
        oauth
            ? new DestinationSettings(
                Optional.of(receiver.tokenUrl()),
                Optional.of(FakeReceiver.CLIENT_ID),
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            : DestinationSettings.none();
    return destinations.create(
        SCHOOL,
        new ExportDestinations.Request(
            DestinationKind.SECTOR_FEED,
            Optional.of(SITE),
            receiver.feedUrl(),
            List.of(),
            Optional.of("CSDL ngành"),
            settings,
            oauth ? Optional.of(FakeReceiver.CLIENT_SECRET) : Optional.empty()));
  }

  @Test
  void everyRecordArrivesOnceInOrderPerEntityInValidBoundedBatches() throws Exception {
    WebhookSubscription feed = feed(20, true);
    receiver.refuseTokens(401);
    receiver.script(
        Behaviour.ERROR_500,
        Behaviour.TOO_MANY_REQUESTS,
        Behaviour.SLOW,
        Behaviour.CLOSE,
        Behaviour.TOKEN_REVOKED,
        Behaviour.OK,
        Behaviour.ERROR_500);
    receiver.unknownLearner("HS-UNKNOWN");
    Map<String, List<String>> sentOrder = new LinkedHashMap<>();
    for (int round = 0; round < 3; round++) {
      for (String student : List.of("s1", "s2", "s3")) {
        String entity = "student-day:" + student + "/2026-12-07";
        String id = attendance(entity, student, "HS-" + student, round == 0 ? "LATE" : "PRESENT");
        sentOrder.computeIfAbsent(entity, e -> new ArrayList<>()).add(id);
      }
      String equipment = "equipment:gw-a101/projector-1";
      String id =
          enqueue(
              ExportEventType.EQUIPMENT_STATUS_CHANGED,
              equipment,
              Map.of(
                  "site",
                  SITE,
                  "gatewayId",
                  "gw-a101",
                  "deviceId",
                  "projector-1",
                  "room",
                  "A101",
                  "state",
                  round % 2 == 0 ? "ON" : "STANDBY",
                  "previousState",
                  round % 2 == 0 ? "STANDBY" : "ON",
                  "at",
                  clock.instant().toString()));
      sentOrder.computeIfAbsent(equipment, e -> new ArrayList<>()).add(id);
    }
    String rejected = attendance("student-day:s9/2026-12-07", "s9", "HS-UNKNOWN", "ABSENT");
    String summary =
        enqueue(
            ExportEventType.ROOM_ENVIRONMENT_SUMMARY,
            "room:A101",
            Map.of("site", SITE, "room", "A101", "co2Avg", 812, "lessonEnd", "07:45"));
    enqueue(ExportEventType.ALERT_RAISED, "alert:1", Map.of("alertId", 1)); // not for the feed
    receiver.forgetOnce(sentOrder.get("student-day:s1/2026-12-07").get(0));

    drain(Duration.ofMinutes(10), 80);

    List<Map<String, Object>> stored = receiver.records();
    Map<String, List<String>> storedOrder =
        stored.stream()
            .filter(r -> !r.get("entityKey").equals("room:A101"))
            .collect(
                Collectors.groupingBy(
                    r -> (String) r.get("entityKey"),
                    LinkedHashMap::new,
                    Collectors.mapping(r -> (String) r.get("recordId"), Collectors.toList())));
    assertThat(storedOrder).isEqualTo(sentOrder);
    assertThat(stored)
        .extracting(r -> r.get("recordId"))
        .contains(summary)
        .doesNotContain(rejected);
    assertThat(stored).hasSize(13);
    assertThat(receiver.repeats()).as("the timed-out batch came again").isPositive();
    assertThat(receiver.tokensIssued()).isGreaterThanOrEqualTo(2);

    for (Map<String, Object> batch : receiver.batches()) {
      assertThat(schemas.batchErrors(json.writeValueAsString(batch))).isEmpty();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> records = (List<Map<String, Object>>) batch.get("records");
      assertThat(records).hasSizeLessThanOrEqualTo(BATCH);
      assertThat(records.stream().map(r -> r.get("entityKey")).distinct().count())
          .as("one record per entity in a batch")
          .isEqualTo(records.size());
    }
    Map<String, Object> first =
        stored.stream().filter(r -> "HS-s1".equals(r.get("learnerId"))).findFirst().orElseThrow();
    assertThat(first)
        .containsEntry("schoolCode", SITE)
        .containsEntry("recordType", "attendance.marked");

    assertThat(destinations.status(SCHOOL, feed.id()))
        .isEqualTo(new ExportDestinations.Status(0, 0, 14, 13, 1, 0, 0));
    String report = report(feed.id());
    List<String> lines = List.of(report.split("\r\n"));
    assertThat(lines.get(0))
        .isEqualTo(
            "deliveryId,recordId,recordType,schoolCode,learnerId,entityKey,occurredAt,state,"
                + "attempts,sentAt,answer,reason,lastStatus,lastError");
    assertThat(lines).hasSize(15);
    assertThat(lines)
        .filteredOn(l -> l.contains(rejected))
        .singleElement()
        .asString()
        .contains(",HS-UNKNOWN,")
        .contains(",SENT,")
        .contains(",REJECTED,mã định danh HS-UNKNOWN không tồn tại,");
    assertThat(lines).filteredOn(l -> l.contains(",ACCEPTED,")).hasSize(13);
  }

  @Test
  void aBatchAnsweredWith429WaitsForRetryAfter() throws Exception {
    feed(5, true);
    receiver.script(Behaviour.TOO_MANY_REQUESTS);
    String a = attendance("student-day:s1/2026-12-07", "s1", "HS-s1", "PRESENT");
    String b = attendance("student-day:s2/2026-12-07", "s2", "HS-s2", "PRESENT");

    assertThat(dispatcher.dispatchOnce()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(59));
    assertThat(dispatcher.dispatchOnce()).as("Retry-After: 60 not yet over").isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(dispatcher.dispatchOnce()).isEqualTo(2);
    assertThat(receiver.records()).extracting(r -> r.get("recordId")).containsExactly(a, b);
    assertThat(receiver.batches())
        .as("the refused batch is not kept; the second carries both records")
        .singleElement()
        .satisfies(batch -> assertThat((List<?>) batch.get("records")).hasSize(2));
  }

  @Test
  void deadAfterTheLastTryThenReplayDeliversTheSameRecordIds() throws Exception {
    WebhookSubscription feed = feed(2, true);
    receiver.script(Behaviour.ERROR_500, Behaviour.ERROR_500);
    String a = attendance("student-day:s1/2026-12-07", "s1", "HS-s1", "PRESENT");
    String b = attendance("student-day:s2/2026-12-07", "s2", "HS-s2", "ABSENT");

    drain(Duration.ofMinutes(10), 10);
    assertThat(destinations.status(SCHOOL, feed.id()).dead()).isEqualTo(2);
    assertThat(receiver.records()).isEmpty();
    assertThat(report(feed.id())).contains(",DEAD,").contains("HTTP 500");

    assertThat(subscriptions.replay(SCHOOL, feed.id(), START)).isEqualTo(2);
    drain(Duration.ofMinutes(10), 10);
    assertThat(receiver.records()).extracting(r -> r.get("recordId")).containsExactly(a, b);
    assertThat(receiver.repeats()).isZero();
  }

  @Test
  void withoutOauthTheFeedSendsNoAuthorizationForMutualTls() throws Exception {
    WebhookSubscription feed = feed(5, false);
    String a = attendance("student-day:s1/2026-12-07", "s1", "HS-s1", "PRESENT");
    drain(Duration.ofMinutes(1), 5);
    assertThat(receiver.records()).extracting(r -> r.get("recordId")).containsExactly(a);
    assertThat(receiver.tokensIssued()).isZero();
    assertThat(feed.settings().oauth()).isFalse();
    assertThatThrownBy(
            () ->
                destinations.create(
                    SCHOOL,
                    new ExportDestinations.Request(
                        DestinationKind.SECTOR_FEED,
                        Optional.of(SITE),
                        receiver.feedUrl(),
                        List.of(),
                        Optional.empty(),
                        new DestinationSettings(
                            Optional.of(receiver.tokenUrl()),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty()),
                        Optional.of("secret"))))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("clientId");
  }

  @Test
  void schoolAdminsManageTheirOwnSchoolsDestinationsOnly() throws Exception {
    WebhookSubscription feed = feed(5, true);
    Caller otherSchool = new Caller("other", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of("THPT-X"));
    Caller teacher = new Caller("co.lan", Caller.Kind.USER, Role.TEACHER, Set.of(SITE));
    Caller sector = new Caller("so.gd", Caller.Kind.USER, Role.SECTOR_ADMIN, Set.of());
    assertThatThrownBy(() -> destinations.status(otherSchool, feed.id()))
        .isInstanceOf(RejectedException.class);
    assertThatThrownBy(
            () -> destinations.reconciliation(otherSchool, feed.id(), new StringWriter()))
        .isInstanceOf(RejectedException.class);
    assertThat(subscriptions.list(otherSchool)).isEmpty();
    assertThat(subscriptions.list(sector)).extracting(WebhookSubscription::id).contains(feed.id());
    ExportDestinations.Request allSchools =
        new ExportDestinations.Request(
            DestinationKind.SECTOR_FEED,
            Optional.empty(),
            receiver.feedUrl(),
            List.of(),
            Optional.empty(),
            DestinationSettings.none(),
            Optional.empty());
    assertThatThrownBy(() -> destinations.create(SCHOOL, allSchools))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> destinations.create(teacher, allSchools))
        .isInstanceOf(ForbiddenException.class);
    assertThat(destinations.create(sector, allSchools).site()).isEmpty();
  }

  @Test
  void thePublishedExamplesAreValidAndAWrongBatchIsNot() throws Exception {
    assertThat(schemas.batchErrors(SectorFeedSchemas.read("example-batch.json"))).isEmpty();
    assertThat(schemas.answerErrors(SectorFeedSchemas.read("example-answer.json"))).isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> batch =
        json.readValue(SectorFeedSchemas.read("example-batch.json"), Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> record = ((List<Map<String, Object>>) batch.get("records")).get(0);
    record.remove("schoolCode");
    assertThat(schemas.batchErrors(json.writeValueAsString(batch)))
        .anySatisfy(e -> assertThat(e).contains("schoolCode"));
    assertThat(schemas.answerErrors("{\"results\":[{\"recordId\":\"x\",\"status\":\"REJECTED\"}]}"))
        .anySatisfy(e -> assertThat(e).contains("reason"));
  }

  private String attendance(String entity, String user, String learner, String status) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", SITE);
    data.put("date", "2026-12-07");
    data.put("entryId", "tt-10a1-mon-1");
    data.put("classId", "c-10a1");
    data.put("room", "A101");
    data.put("userId", user);
    data.put("learnerId", learner);
    data.put("status", status);
    data.put("source", "TAP");
    data.put("recordedAt", clock.instant().toString());
    return enqueue(ExportEventType.ATTENDANCE_MARKED, entity, data);
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
      if (pending() == 0) {
        return;
      }
    }
  }

  private long pending() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (var rows =
              connection
                  .createStatement()
                  .executeQuery("SELECT COUNT(*) FROM export_delivery WHERE state = 'PENDING'")) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }
}
