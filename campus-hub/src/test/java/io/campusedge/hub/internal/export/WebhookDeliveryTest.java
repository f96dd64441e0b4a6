package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.export.TestReceiver.Behaviour;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.ForbiddenException;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The export outbox against an in-process receiver that misbehaves on purpose (500s, timeouts, 429
 * with Retry-After, closed connections, down for an hour): every event arrives, none twice at the
 * receiver's side, in order per entity; DEAD after the last try; replay re-delivers with the same
 * ids. The dispatcher's clock is a test clock, so an hour passes in a few dispatch rounds.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class WebhookDeliveryTest {
  private static final String SITE = "THPT-T";
  private static final Caller SECTOR =
      new Caller("so.gd", Caller.Kind.USER, Role.SECTOR_ADMIN, Set.of());
  private static final Caller SCHOOL =
      new Caller("hieu.truong", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of(SITE));
  private static final Instant START = Instant.parse("2026-12-07T01:00:00Z");

  @Parameter TestDatabase database;
  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final Clock clock = new TestClock();
  private DataSource dataSource;
  private ExportOutbox outbox;
  private WebhookSubscriptions subscriptions;
  private TestReceiver receiver;
  private WebhookDispatcher dispatcher;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = database.migrated();
    JsonMapper json = JsonMapper.createDefault();
    outbox = new ExportOutbox(json);
    receiver = new TestReceiver(clock);
  }

  @AfterEach
  void tearDown() {
    receiver.close();
    if (dispatcher != null) {
      dispatcher.stop();
    }
  }

  private WebhookSubscription subscribe(int maxAttempts) {
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
    subscriptions =
        new WebhookSubscriptions(
            dataSource, TestMasterKeys.random(), new AuditLog(dataSource, json), config, clock);
    dispatcher =
        new WebhookDispatcher(dataSource, subscriptions, config, json, clock, new Random(42), null);
    WebhookSubscriptions.Created created =
        subscriptions.create(
            SCHOOL,
            Optional.of(SITE),
            receiver.url(),
            List.of("attendance.marked", "attendance.corrected", "alert.raised"),
            Optional.of("SMAS test"));
    receiver.secret(created.secret());
    return created.subscription();
  }

  @Test
  void everyEventArrivesOnceAndInOrderPerEntityThroughAMisbehavingReceiver() {
    WebhookSubscription subscription = subscribe(20);
    receiver.script(
        Behaviour.ERROR_500,
        Behaviour.CLOSE,
        Behaviour.SLOW,
        Behaviour.TOO_MANY_REQUESTS,
        Behaviour.OK,
        Behaviour.ERROR_500,
        Behaviour.SLOW,
        Behaviour.CLOSE,
        Behaviour.OK,
        Behaviour.ERROR_500,
        Behaviour.TOO_MANY_REQUESTS,
        Behaviour.CLOSE);
    Map<String, List<String>> sentOrder = new LinkedHashMap<>();
    for (int round = 0; round < 4; round++) {
      for (String student : List.of("s1", "s2", "s3")) {
        String entity = "student-day:" + student + "/2026-12-07";
        String id =
            enqueue(
                ExportEventType.ATTENDANCE_MARKED,
                entity,
                Map.of("userId", student, "round", round));
        sentOrder.computeIfAbsent(entity, e -> new ArrayList<>()).add(id);
      }
    }
    enqueue(ExportEventType.ATTENDANCE_DAY_CLOSED, "day:2026-12-07", Map.of()); // not subscribed

    drain(Duration.ofMinutes(10), 60);

    List<TestReceiver.Received> accepted = receiver.accepted();
    assertThat(accepted).hasSize(12);
    Map<String, List<String>> receivedOrder =
        accepted.stream()
            .collect(
                Collectors.groupingBy(
                    TestReceiver.Received::subject,
                    LinkedHashMap::new,
                    Collectors.mapping(TestReceiver.Received::id, Collectors.toList())));
    assertThat(receivedOrder).isEqualTo(sentOrder);
    assertThat(receiver.badSignatures()).isZero();
    assertThat(receiver.duplicates()).as("timed-out tries arrive again").isPositive();
    assertThat(subscriptions.status(SCHOOL, subscription.id()))
        .isEqualTo(new WebhookSubscriptions.Status(0, 12, 0, 0));
    String body = accepted.get(0).body();
    assertThat(body)
        .startsWith("{\"specversion\":\"1.0\",\"id\":\"" + accepted.get(0).id() + "\"")
        .contains("\"source\":\"/campusedge/THPT-T\"")
        .contains("\"type\":\"io.campusedge.attendance.marked\"")
        .contains("\"datacontenttype\":\"application/json\"")
        .contains("\"data\":{");
  }

  @Test
  void retryAfterIsHonoured() {
    subscribe(20);
    receiver.script(Behaviour.TOO_MANY_REQUESTS);
    enqueue(ExportEventType.ALERT_RAISED, "alert:1", Map.of("alertId", 1));

    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    advance(Duration.ofSeconds(119));
    assertThat(dispatcher.dispatchOnce()).as("Retry-After: 120 not yet over").isZero();
    advance(Duration.ofSeconds(1));
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    assertThat(receiver.accepted()).hasSize(1);
  }

  @Test
  void aReceiverDownForAnHourGetsEverythingWhenItIsBack() throws Exception {
    WebhookSubscription subscription = subscribe(30);
    receiver.down();
    for (int i = 0; i < 5; i++) {
      enqueue(ExportEventType.ATTENDANCE_MARKED, "student-day:s1/2026-12-07", Map.of("i", i));
      enqueue(ExportEventType.ALERT_RAISED, "alert:" + i, Map.of("alertId", i));
    }
    for (int minute = 0; minute < 60; minute += 5) {
      dispatcher.dispatchOnce();
      advance(Duration.ofMinutes(5));
    }
    WebhookSubscriptions.Status whileDown = subscriptions.status(SCHOOL, subscription.id());
    assertThat(whileDown.pending()).isEqualTo(10);
    assertThat(whileDown.sent()).isZero();
    assertThat(whileDown.lagSeconds()).isGreaterThanOrEqualTo(3600);

    receiver.up();
    drain(Duration.ofMinutes(10), 30);

    assertThat(receiver.accepted()).hasSize(10);
    assertThat(receiver.accepted().stream().filter(r -> r.subject().startsWith("student-day")))
        .extracting(r -> r.body().replaceAll(".*\"i\":(\\d+).*", "$1"))
        .containsExactly("0", "1", "2", "3", "4");
    assertThat(subscriptions.status(SCHOOL, subscription.id()).sent()).isEqualTo(10);
  }

  @Test
  void deadAfterTheLastTryAndReplayRedeliversTheSameIds() {
    WebhookSubscription subscription = subscribe(3);
    for (int i = 0; i < 9; i++) {
      receiver.script(Behaviour.ERROR_500);
    }
    String first = enqueue(ExportEventType.ALERT_RAISED, "alert:7", Map.of("alertId", 7));
    String second =
        enqueue(ExportEventType.ATTENDANCE_MARKED, "student-day:s2/2026-12-07", Map.of());

    drain(Duration.ofMinutes(10), 10);

    assertThat(subscriptions.status(SCHOOL, subscription.id()))
        .isEqualTo(new WebhookSubscriptions.Status(0, 0, 2, 0));
    List<WebhookSubscriptions.DeadDelivery> dead =
        subscriptions.dead(SCHOOL, subscription.id(), 10);
    assertThat(dead)
        .extracting(WebhookSubscriptions.DeadDelivery::cloudEventId)
        .containsExactlyInAnyOrder(first, second);
    assertThat(dead).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(3));
    assertThat(dead).allSatisfy(d -> assertThat(d.lastStatus()).contains(500));
    assertThat(receiver.accepted()).isEmpty();

    assertThat(subscriptions.replay(SCHOOL, subscription.id(), START)).isEqualTo(2);
    drain(Duration.ofMinutes(10), 10);

    assertThat(receiver.accepted())
        .extracting(TestReceiver.Received::id)
        .containsExactlyInAnyOrder(first, second);
    assertThat(subscriptions.status(SCHOOL, subscription.id()))
        .isEqualTo(new WebhookSubscriptions.Status(0, 2, 2, 0));

    // A second replay sends the same ids again: the receiver recognises them.
    assertThat(subscriptions.replay(SCHOOL, subscription.id(), START)).isEqualTo(2);
    drain(Duration.ofMinutes(10), 10);
    assertThat(receiver.accepted()).hasSize(2);
    assertThat(receiver.duplicates()).isEqualTo(2);
  }

  @Test
  void aDisabledSubscriptionGetsNothingNewAndSchoolsStayApart() {
    WebhookSubscription subscription = subscribe(5);
    subscriptions.disable(SCHOOL, subscription.id());
    enqueue(ExportEventType.ATTENDANCE_MARKED, "student-day:s1/2026-12-07", Map.of());
    drain(Duration.ofMinutes(1), 3);
    assertThat(receiver.requests()).isZero();
    assertThat(subscriptions.status(SCHOOL, subscription.id()).pending()).isZero();

    Caller otherSchool = new Caller("other", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of("THPT-X"));
    assertThatThrownBy(() -> subscriptions.get(otherSchool, subscription.id()))
        .isInstanceOf(RejectedException.class);
    assertThatThrownBy(
            () ->
                subscriptions.create(
                    SCHOOL,
                    Optional.empty(),
                    receiver.url(),
                    List.of("alert.raised"),
                    Optional.empty()))
        .isInstanceOf(ForbiddenException.class);
    assertThat(
            subscriptions
                .create(
                    SECTOR,
                    Optional.empty(),
                    receiver.url(),
                    List.of("alert.raised"),
                    Optional.empty())
                .subscription()
                .site())
        .isEmpty();
    assertThatThrownBy(
            () ->
                subscriptions.create(
                    SCHOOL,
                    Optional.of(SITE),
                    receiver.url(),
                    List.of("attendance.teleported"),
                    Optional.empty()))
        .isInstanceOf(RejectedException.class)
        .hasMessageContaining("attendance.marked");
  }

  private String enqueue(ExportEventType type, String entity, Map<String, Object> data) {
    return Sql.inTransaction(
        dataSource,
        connection -> outbox.enqueue(connection, type, SITE, entity, data, clock.instant()));
  }

  /** Dispatch rounds with the clock moved on between them, until nothing is pending. */
  private void drain(Duration step, int maxRounds) {
    for (int round = 0; round < maxRounds; round++) {
      dispatcher.dispatchOnce();
      advance(step);
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

  private void advance(Duration duration) {
    now.updateAndGet(t -> t.plus(duration));
  }

  private final class TestClock extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
