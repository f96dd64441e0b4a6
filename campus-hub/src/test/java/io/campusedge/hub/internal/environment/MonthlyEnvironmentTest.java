package io.campusedge.hub.internal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * When a month is closed (three days after its end in the school's time zone, so late lesson
 * summaries are in), each room's month is summed up once, stored and exported keyed by the room;
 * months beyond the look-back are left alone. On H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class MonthlyEnvironmentTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  @Parameter TestDatabase database;
  private DataSource dataSource;
  private final ExportOutbox outbox = new ExportOutbox(JsonMapper.createDefault());

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    lesson("A101", LocalDate.of(2026, 11, 30), 45, 1200.0);
    lesson("A101", LocalDate.of(2026, 11, 2), 45, 800.0);
    lesson("A102", LocalDate.of(2026, 7, 15), 45, 700.0); // beyond the look-back
  }

  @Test
  void aMonthIsSummedUpOnceThreeDaysAfterItsEnd() throws Exception {
    assertThat(at("2026-12-03T23:59").closeMonths()).as("not closed yet").isZero();
    MonthlyEnvironment closed = at("2026-12-04T00:00");
    assertThat(closed.closeMonths()).isEqualTo(1);
    assertThat(closed.closeMonths()).isZero();
    assertThat(at("2026-12-20T08:00").closeMonths()).as("a later run, another hub").isZero();

    assertThat(rows("SELECT room_id, month_start, lessons, co2_avg FROM environment_month"))
        .containsExactly("A101|2026-11-01|2|1000.0");
    assertThat(
            rows(
                "SELECT event_type, entity_key, occurred_at FROM export_event"
                    + " WHERE event_type = 'ROOM_ENVIRONMENT_MONTHLY'"))
        .singleElement()
        .asString()
        .startsWith("ROOM_ENVIRONMENT_MONTHLY|room:A101|");
    String event =
        Sql.inTransaction(
            dataSource,
            connection -> {
              try (var rows =
                  connection
                      .createStatement()
                      .executeQuery("SELECT occurred_at, data FROM export_event")) {
                rows.next();
                return Sql.instant(rows.getObject(1)) + " " + rows.getString(2);
              }
            });
    assertThat(event)
        .startsWith("2026-11-30T17:00:00Z ")
        .contains("\"month\":\"2026-11\"")
        .contains("\"measuredMinutes\":90");
  }

  private MonthlyEnvironment at(String local) {
    Instant now = LocalDateTime.parse(local).atZone(ZONE).toInstant();
    return new MonthlyEnvironment(
        dataSource, EnvironmentConfig.defaults(), ZONE, outbox, Clock.fixed(now, ZONE));
  }

  private void lesson(String room, LocalDate day, int minutes, double co2) {
    Instant start = day.atTime(7, 0).atZone(ZONE).toInstant();
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO lesson_environment (site, entry_id, lesson_date, room_id,"
                      + " class_id, starts_at, ends_at, measured_minutes, co2_avg, co2_max,"
                      + " co2_minutes_above_act, comfort, created_at)"
                      + " VALUES ('s1',?,?,?,'10A1',?,?,?,?,?,0,'GOOD',?)")) {
            insert.setString(1, room + "-" + day);
            insert.setObject(2, day);
            insert.setString(3, room);
            insert.setObject(4, Sql.utc(start));
            insert.setObject(5, Sql.utc(start.plus(Duration.ofMinutes(45))));
            insert.setInt(6, minutes);
            insert.setDouble(7, co2);
            insert.setDouble(8, co2);
            insert.setObject(9, Sql.utc(start));
            return insert.executeUpdate();
          }
        });
  }

  private List<String> rows(String sql) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<String> rows = new ArrayList<>();
          try (var result = connection.createStatement().executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
              List<String> values = new ArrayList<>();
              for (int i = 1; i <= columns; i++) {
                values.add(String.valueOf(result.getObject(i)));
              }
              rows.add(String.join("|", values));
            }
          }
          return rows;
        });
  }
}
