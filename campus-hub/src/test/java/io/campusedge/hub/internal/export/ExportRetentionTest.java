package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.config.ExportRetentionConfig;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The export outbox's retention: sent deliveries go after {@code sent}, dead ones after {@code
 * dead} or, once replayed, after {@code sent}; events go when no delivery is left and they are
 * older than {@code sent}; a pending delivery and its event stay however old. More rows than one
 * chunk are purged in one run. On H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class ExportRetentionTest {
  private static final String SITE = "THPT-T";
  private static final Caller ADMIN =
      new Caller("hieu.truong", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of(SITE));
  private static final Instant NOW = Instant.parse("2027-03-01T00:00:00Z");

  @Parameter TestDatabase database;
  private final MutableClock clock = new MutableClock(NOW);
  private final JsonMapper json = JsonMapper.createDefault();
  private DataSource dataSource;
  private ExportOutbox outbox;
  private String subscription;
  private ExportRetention retention;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    outbox = new ExportOutbox(json);
    ExportConfig config =
        new ExportConfig(
            Duration.ofSeconds(1),
            50,
            1,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMinutes(10),
            5,
            true,
            null,
            null);
    WebhookSubscriptions subscriptions =
        new WebhookSubscriptions(
            dataSource, TestMasterKeys.random(), new AuditLog(dataSource, json), config, clock);
    subscription =
        subscriptions
            .create(
                ADMIN,
                Optional.of(SITE),
                "http://127.0.0.1:9/hooks",
                List.of("alert.raised"),
                Optional.empty())
            .subscription()
            .id();
    retention = new ExportRetention(dataSource, ExportRetentionConfig.defaults(), null, clock);
  }

  @Test
  void sentAndSupersededDeadGoPendingAndRecentStay() {
    long sentOld = delivery("SENT", days(91), days(91));
    long sentRecent = delivery("SENT", days(100), days(89));
    long pendingAncient = delivery("PENDING", days(500), null);
    long deadYoung = delivery("DEAD", days(200), null);
    long deadOld = delivery("DEAD", days(400), null);
    long deadReplayed = delivery("DEAD", days(100), null);
    long replay = replay(deadReplayed, days(10));
    long deadReplayedRecently = delivery("DEAD", days(30), null);
    long recentReplay = replay(deadReplayedRecently, days(5));
    String orphanOld = event("OTHER-SCHOOL", days(91));
    String orphanRecent = event("OTHER-SCHOOL", days(10));

    assertThat(retention.purge()).isEqualTo(new ExportRetention.Purged(1, 2, 3));

    assertThat(deliveryIds())
        .containsExactlyInAnyOrder(
            sentRecent, pendingAncient, deadYoung, replay, deadReplayedRecently, recentReplay);
    assertThat(deliveryIds()).doesNotContain(sentOld, deadOld, deadReplayed);
    assertThat(eventIds()).contains(orphanRecent).doesNotContain(orphanOld);
    // sentRecent, pendingAncient, deadYoung, the two replayed ones (each shared with its replay),
    // orphanRecent
    assertThat(eventIds()).hasSize(6);
    assertThat(retention.purge()).isEqualTo(new ExportRetention.Purged(0, 0, 0));

    clock.advance(Duration.ofDays(1000));
    retention.purge();
    assertThat(deliveryIds()).as("pending is never purged").containsExactly(pendingAncient);
    assertThat(eventIds()).hasSize(1);
  }

  @Test
  void moreThanOneChunkIsPurgedInOneRun() {
    int many = ExportRetention.CHUNK * 2 + 5;
    Sql.inTransaction(
        dataSource,
        connection -> {
          List<Long> events = new ArrayList<>();
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO export_event (cloud_event_id, event_type, site, entity_key,"
                      + " occurred_at, data) VALUES (?, 'ALERT_RAISED', ?, 'alert:x', ?, '{}')",
                  Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < many; i++) {
              insert.setString(1, UUID.randomUUID().toString());
              insert.setString(2, SITE);
              insert.setObject(3, Sql.utc(days(120)));
              insert.executeUpdate();
              try (var keys = insert.getGeneratedKeys()) {
                keys.next();
                events.add(keys.getLong(1));
              }
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO export_delivery (event_id, subscription_id, entity_key, state,"
                      + " attempts, next_attempt_at, created_at, sent_at)"
                      + " VALUES (?, ?, 'alert:x', 'SENT', 1, ?, ?, ?)")) {
            for (long event : events) {
              insert.setLong(1, event);
              insert.setString(2, subscription);
              insert.setObject(3, Sql.utc(days(120)));
              insert.setObject(4, Sql.utc(days(120)));
              insert.setObject(5, Sql.utc(days(119)));
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
    assertThat(retention.purge()).isEqualTo(new ExportRetention.Purged(many, 0, many));
    assertThat(deliveryIds()).isEmpty();
    assertThat(eventIds()).isEmpty();
  }

  @Test
  void deadIsKeptAtLeastAsLongAsSent() {
    assertThatThrownBy(
            () -> new ExportRetentionConfig(Duration.ofDays(90), Duration.ofDays(30), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention.dead");
    assertThatThrownBy(
            () -> new ExportRetentionConfig(Duration.ofHours(1), Duration.ofDays(30), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention.sent");
  }

  private Instant days(int ago) {
    return NOW.minus(Duration.ofDays(ago));
  }

  /** An event of the subscription's school with its delivery in a state; returns the delivery. */
  private long delivery(String state, Instant created, Instant sent) {
    String id = event(SITE, created);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          long deliveryId;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT d.delivery_id FROM export_delivery d JOIN export_event e"
                      + " ON e.event_id = d.event_id WHERE e.cloud_event_id = ?")) {
            select.setString(1, id);
            try (var rows = select.executeQuery()) {
              rows.next();
              deliveryId = rows.getLong(1);
            }
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE export_delivery SET state = ?, sent_at = ?, attempts = 1"
                      + " WHERE delivery_id = ?")) {
            update.setString(1, state);
            update.setObject(2, sent == null ? null : Sql.utc(sent));
            update.setLong(3, deliveryId);
            update.executeUpdate();
          }
          return deliveryId;
        });
  }

  /** A later, sent delivery of the same event to the same subscription, as a replay makes. */
  private long replay(long dead, Instant sent) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO export_delivery (event_id, subscription_id, entity_key, state,"
                      + " attempts, next_attempt_at, created_at, sent_at)"
                      + " SELECT event_id, subscription_id, entity_key, 'SENT', 1, ?, ?, ?"
                      + " FROM export_delivery WHERE delivery_id = ?",
                  Statement.RETURN_GENERATED_KEYS)) {
            insert.setObject(1, Sql.utc(sent));
            insert.setObject(2, Sql.utc(sent));
            insert.setObject(3, Sql.utc(sent));
            insert.setLong(4, dead);
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
              keys.next();
              return keys.getLong(1);
            }
          }
        });
  }

  private String event(String site, Instant at) {
    return Sql.inTransaction(
        dataSource,
        connection ->
            outbox.enqueue(
                connection,
                ExportEventType.ALERT_RAISED,
                site,
                "alert:" + UUID.randomUUID(),
                Map.of("site", site),
                at));
  }

  private List<Long> deliveryIds() {
    return ids("SELECT delivery_id FROM export_delivery").stream()
        .map(id -> ((Number) id).longValue())
        .toList();
  }

  private List<String> eventIds() {
    return ids("SELECT cloud_event_id FROM export_event").stream().map(String::valueOf).toList();
  }

  private List<Object> ids(String sql) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<Object> ids = new ArrayList<>();
          try (var rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
              ids.add(rows.getObject(1));
            }
          }
          return ids;
        });
  }
}
