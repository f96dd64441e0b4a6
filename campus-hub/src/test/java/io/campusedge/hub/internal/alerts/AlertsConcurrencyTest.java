package io.campusedge.hub.internal.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One open alert per site, kind and subject even when several ingest workers (or hubs) raise and
 * clear it at the same moment: the database keeps it (V46), not a look-then-insert.
 */
class AlertsConcurrencyTest {
  private static final int THREADS = 4;
  private static final int ROUNDS = 15;
  private static final Instant AT = Instant.parse("2026-12-07T02:00:00Z");

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void simultaneousRaisesOfOneAlertMakeOneOpenAlertCountingEveryRaise(TestDatabase database)
      throws Exception {
    DataSource dataSource = database.migrated();
    Alerts alerts = alerts(dataSource);

    for (int round = 0; round < ROUNDS; round++) {
      String subject = "card 0a1b2c" + round;
      all(
          () ->
              alerts.raise(
                  "s1",
                  Optional.of("A101"),
                  AlertKind.UNKNOWN_CARD,
                  subject,
                  "a card registered to nobody was tapped",
                  AT));
    }

    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT subject, COUNT(*), SUM(occurrences) FROM alert"
                    + " WHERE state <> 'CLEARED' GROUP BY subject")) {
      int subjects = 0;
      while (rows.next()) {
        subjects++;
        assertThat(rows.getInt(2)).as("open alerts of %s", rows.getString(1)).isEqualTo(1);
        assertThat(rows.getInt(3)).as("occurrences of %s", rows.getString(1)).isEqualTo(THREADS);
      }
      assertThat(subjects).isEqualTo(ROUNDS);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void simultaneousClearsClearOnceAndTheNextRaiseOpensANewAlert(TestDatabase database)
      throws Exception {
    DataSource dataSource = database.migrated();
    Alerts alerts = alerts(dataSource);

    for (int round = 0; round < ROUNDS; round++) {
      String subject = "room A10" + round;
      alerts.raise("s1", Optional.empty(), AlertKind.POOR_AIR, subject, "CO2 1600 ppm", AT);
      List<Boolean> cleared =
          all(() -> alerts.clearResolved("s1", AlertKind.POOR_AIR, subject, "ventilated"));
      assertThat(cleared).as("round %d", round).containsOnlyOnce(true);
      Alert again =
          alerts.raise("s1", Optional.empty(), AlertKind.POOR_AIR, subject, "CO2 1700 ppm", AT);
      assertThat(again.occurrences()).isEqualTo(1);
      assertThat(again.state()).isEqualTo(Alert.State.OPEN);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void duplicatesFromBeforeTheConstraintLeaveTheNewestAsTheOpenOne(TestDatabase database)
      throws Exception {
    DataSource dataSource = database.create();
    String[] locations = database.dialect().migrationLocations();
    Flyway.configure().dataSource(dataSource).locations(locations).target("44").load().migrate();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String state : List.of("OPEN", "ACKNOWLEDGED", "CLEARED", "OPEN")) {
        statement.execute(
            "INSERT INTO alert (site, kind, severity, subject, detail, occurrences, raised_at,"
                + " last_seen_at, state) VALUES ('s1', 'UNKNOWN_CARD', 'WARNING', 'card 77',"
                + " 'seen', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '"
                + state
                + "')");
      }
    }
    Flyway.configure().dataSource(dataSource).locations(locations).load().migrate();

    Alert counted =
        alerts(dataSource)
            .raise("s1", Optional.empty(), AlertKind.UNKNOWN_CARD, "card 77", "seen again", AT);

    assertThat(counted.id()).isEqualTo(4);
    assertThat(counted.occurrences()).isEqualTo(2);
  }

  /** Runs the task on {@link #THREADS} threads released together; their results. */
  private static <T> List<T> all(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return task.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Alerts alerts(DataSource dataSource) {
    JsonMapper json = JsonMapper.createDefault();
    LiveEvents events =
        new LiveEvents(null, null, new EventsConfig(10, Duration.ofSeconds(15))) {
          @Override
          public void publish(LiveEvent event) {}
        };
    return new Alerts(dataSource, events, new AuditLog(dataSource, json), new ExportOutbox(json));
  }
}
