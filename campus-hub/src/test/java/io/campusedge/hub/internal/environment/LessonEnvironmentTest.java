package io.campusedge.hub.internal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.JdbcRecordStore;
import io.campusedge.hub.internal.store.TestDatabase;
import io.campusedge.hub.internal.store.TestSchool;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.micronaut.json.JsonMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A lesson's environment summarised once from the minute rollups after it ended (plus grace),
 * stored and exported; on H2 and PostgreSQL. Room A101, Monday 2026-12-07, Vietnam time: lessons
 * 07:00-08:00 and 09:00-10:00.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class LessonEnvironmentTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);

  @Parameter TestDatabase database;
  private DataSource dataSource;
  private JdbcRecordStore store;
  private long seq;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = database.migrated();
    TestSchool.deviceInRoom(dataSource, "gw-a101", "A101", "scd1", "scd4x");
    for (int hour : new int[] {7, 9}) {
      TestSchool.lesson(
          dataSource,
          "10A1-" + hour,
          "A101",
          DayOfWeek.MONDAY,
          LocalTime.of(hour, 0),
          LocalTime.of(hour + 1, 0));
    }
    store = new JdbcRecordStore(dataSource);
  }

  @Test
  void anEndedLessonIsSummarisedOnceAndExported() throws Exception {
    for (int minute = 0; minute < 60; minute++) {
      // CO2 above the act level (1,500 ppm) for the first half hour, then windows open.
      reading(LocalTime.of(7, minute), "co2", minute < 30 ? 1600 : 900);
      reading(LocalTime.of(7, minute), "temperature", 24.0);
    }

    assertThat(summariser("08:05").summarise()).as("within the grace after the end").isZero();
    LessonEnvironment later = summariser("08:15");
    assertThat(later.summarise()).isEqualTo(1);
    assertThat(later.summarise()).isZero();

    assertThat(later.onDay("s1", MONDAY))
        .singleElement()
        .satisfies(
            lesson -> {
              assertThat(lesson.entryId()).isEqualTo("10A1-7");
              assertThat(lesson.measuredMinutes()).isEqualTo(60);
              assertThat(lesson.co2Avg()).isEqualTo(1250.0);
              assertThat(lesson.co2Max()).isEqualTo(1600.0);
              assertThat(lesson.co2MinutesAboveAct()).isEqualTo(30);
              assertThat(lesson.temperatureAvg()).isEqualTo(24.0);
              assertThat(lesson.humidityAvg()).isNull();
              assertThat(lesson.comfort()).isEqualTo("FAIR");
            });
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT event_type, entity_key, data FROM export_event")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("ROOM_ENVIRONMENT_SUMMARY");
      assertThat(rows.getString(2)).isEqualTo("room:A101");
      assertThat(rows.getString(3))
          .contains("\"co2Avg\":1250.0", "\"co2MinutesAboveAct\":30", "\"comfort\":\"FAIR\"");
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void aLessonWithoutReadingsIsRecordedUnknownAndNotExported() throws Exception {
    LessonEnvironment evening = summariser("18:00");
    assertThat(evening.summarise()).isEqualTo(2);
    assertThat(evening.onDay("s1", MONDAY))
        .extracting(LessonEnvironment.LessonSummary::comfort)
        .containsExactly("UNKNOWN", "UNKNOWN");
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT COUNT(*) FROM export_event")) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
  }

  private LessonEnvironment summariser(String localTime) {
    return new LessonEnvironment(
        dataSource,
        new RosterStore(dataSource),
        EnvironmentConfig.defaults(),
        ZONE,
        new ExportOutbox(JsonMapper.createDefault()),
        Clock.fixed(
            MONDAY.atTime(LocalTime.parse(localTime)).atZone(ZONE).toInstant(), ZoneOffset.UTC));
  }

  private void reading(LocalTime at, String metric, double value) {
    store.store(
        Batch.newBuilder()
            .setSite("s1")
            .setGatewayId("gw-a101")
            .setEpoch(1)
            .addRecords(
                Record.newBuilder()
                    .setSeq(++seq)
                    .setReading(
                        Reading.newBuilder()
                            .setDeviceId("scd1")
                            .setMetric(metric)
                            .setDoubleValue(value)
                            .setUnit(metric.equals("co2") ? "[ppm]" : "Cel")
                            .setSourceTimeMs(
                                MONDAY.atTime(at).atZone(ZONE).toInstant().toEpochMilli())
                            .setQuality(Quality.QUALITY_GOOD)))
            .build());
  }
}
