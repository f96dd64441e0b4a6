package io.campusedge.hub.internal.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.ForbiddenException;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.HourlyRollups;
import io.campusedge.hub.internal.store.JdbcRecordStore;
import io.campusedge.hub.internal.store.TestDatabase;
import io.campusedge.hub.internal.store.TestSchool;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A projector's daily totals through the real store (rollups) into the report, against the room's
 * timetabled lesson time; on H2 and PostgreSQL. Monday 2026-12-07, Vietnam time.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class DisplayUsageReportTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
  private static final Caller TEACHER =
      new Caller("co.lan", Caller.Kind.USER, Role.TEACHER, Set.of("s1"));

  @Parameter TestDatabase database;
  private DisplayUsageReport report;
  private JdbcRecordStore store;
  private long seq;

  @BeforeEach
  void setUp() throws Exception {
    DataSource dataSource = database.migrated();
    TestSchool.deviceInRoom(dataSource, "gw-a101", "A101", "a101-projector", "pjlink");
    for (DayOfWeek weekday : new DayOfWeek[] {DayOfWeek.MONDAY, DayOfWeek.TUESDAY}) {
      TestSchool.lesson(
          dataSource,
          "10A1-" + weekday.getValue(),
          "A101",
          weekday,
          LocalTime.of(7, 0),
          LocalTime.of(11, 0));
    }
    store = new JdbcRecordStore(dataSource);
    report =
        new DisplayUsageReport(
            dataSource,
            HourlyRollups.of(dataSource),
            new RosterStore(dataSource),
            new AttendanceConfig(
                "Asia/Ho_Chi_Minh",
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                Duration.ofMinutes(2),
                7,
                Duration.ofMinutes(1),
                7));
  }

  @Test
  void dailyTotalsAreTheLastValuesOfEachDayAgainstLessonTime() {
    usage(MONDAY, "08:00", 0.8, 1);
    usage(MONDAY, "10:30", 2.5, 3);
    usage(MONDAY, "23:59:59.999", 3.0, 3); // the driver's end-of-day total
    usage(MONDAY.plusDays(1), "00:10", 0.0, 0); // a new day starts from zero
    usage(MONDAY.plusDays(1), "09:00", 1.0, 1);

    List<DisplayUsageReport.DisplayUsage> days =
        report.report(TEACHER, "s1", MONDAY, MONDAY.plusDays(1), false);

    assertThat(days).hasSize(2);
    DisplayUsageReport.DisplayUsage monday = days.get(0);
    assertThat(monday.period()).isEqualTo("2026-12-07");
    assertThat(monday.room()).isEqualTo("A101");
    assertThat(monday.onHours()).isEqualTo(3.0);
    assertThat(monday.sessions()).isEqualTo(3);
    assertThat(monday.lessonHours()).isEqualTo(4.0);
    assertThat(monday.utilisation()).isEqualTo(0.75);
    assertThat(days.get(1).onHours()).isEqualTo(1.0);

    List<DisplayUsageReport.DisplayUsage> week =
        report.report(TEACHER, "s1", MONDAY, MONDAY.plusDays(1), true);
    assertThat(week)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.period()).isEqualTo("2026-W50");
              assertThat(w.onHours()).isEqualTo(4.0);
              assertThat(w.lessonHours()).isEqualTo(8.0);
              assertThat(w.utilisation()).isEqualTo(0.5);
            });
  }

  @Test
  void badRangesAndOtherSchoolsAreRefused() {
    assertThatThrownBy(() -> report.report(TEACHER, "s1", MONDAY, MONDAY.minusDays(1), false))
        .hasMessageContaining("is before");
    assertThatThrownBy(() -> report.report(TEACHER, "s1", MONDAY, MONDAY.plusDays(200), false))
        .hasMessageContaining("at most 92 days");
    assertThatThrownBy(() -> report.report(TEACHER, "s2", MONDAY, MONDAY, false))
        .isInstanceOf(ForbiddenException.class);
  }

  private void usage(LocalDate day, String time, double hours, long sessions) {
    long at = day.atTime(LocalTime.parse(time)).atZone(ZONE).toInstant().toEpochMilli();
    store.store(
        Batch.newBuilder()
            .setSite("s1")
            .setGatewayId("gw-a101")
            .setEpoch(1)
            .addRecords(
                record(
                    at,
                    Reading.newBuilder()
                        .setMetric("on_hours_today")
                        .setDoubleValue(hours)
                        .setUnit("h")))
            .addRecords(
                record(
                    at,
                    Reading.newBuilder()
                        .setMetric("sessions_today")
                        .setIntValue(sessions)
                        .setUnit("1")))
            .build());
  }

  private Record record(long at, Reading.Builder reading) {
    return Record.newBuilder()
        .setSeq(++seq)
        .setReading(
            reading
                .setDeviceId("a101-projector")
                .setSourceTimeMs(at)
                .setQuality(Quality.QUALITY_GOOD))
        .build();
  }
}
