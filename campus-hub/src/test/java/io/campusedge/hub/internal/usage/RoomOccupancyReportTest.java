package io.campusedge.hub.internal.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.ForbiddenException;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.JdbcRecordStore;
import io.campusedge.hub.internal.store.TestDatabase;
import io.campusedge.hub.internal.store.TestSchool;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.DayOfWeek;
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
 * A PIR's "occupied" flag, stored through the real store (minute rollups), against the timetable of
 * room A101 on Monday 2026-12-07 (Vietnam time): lessons 07:00-08:00 and 09:00-10:00; on H2 and
 * PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class RoomOccupancyReportTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
  private static final Caller TEACHER =
      new Caller("co.lan", Caller.Kind.USER, Role.TEACHER, Set.of("s1"));

  @Parameter TestDatabase database;
  private RoomOccupancyReport report;
  private JdbcRecordStore store;
  private long seq;

  @BeforeEach
  void setUp() throws Exception {
    DataSource dataSource = database.migrated();
    TestSchool.deviceInRoom(dataSource, "gw-a101", "A101", "pir1", "pir");
    TestSchool.lesson(dataSource, "first", "A101", DayOfWeek.MONDAY, at(7), at(8));
    TestSchool.lesson(dataSource, "second", "A101", DayOfWeek.MONDAY, at(9), at(10));
    TestSchool.lesson(dataSource, "lab", "B201", DayOfWeek.MONDAY, at(8), at(9));
    store = new JdbcRecordStore(dataSource);
    report =
        new RoomOccupancyReport(
            dataSource, new RosterStore(dataSource), AttendanceConfig.defaults());
  }

  @Test
  void occupiedMinutesAreSplitByLessonsAndAnEmptyLessonIsCounted() {
    occupied("07:00", 45, true); // pupils for 45 minutes of the first lesson
    occupied("07:45", 15, false);
    occupied("09:00", 60, false); // the second lesson: measured, nobody came
    occupied("12:00", 30, true); // a club at lunchtime, outside lessons

    List<RoomOccupancyReport.RoomOccupancy> days =
        report.report(TEACHER, "s1", MONDAY, MONDAY, false);

    assertThat(days)
        .extracting(RoomOccupancyReport.RoomOccupancy::room)
        .containsExactly("A101", "B201");
    RoomOccupancyReport.RoomOccupancy a101 = days.get(0);
    assertThat(a101.period()).isEqualTo("2026-12-07");
    assertThat(a101.lessonHours()).isEqualTo(2.0);
    assertThat(a101.lessons()).isEqualTo(2);
    assertThat(a101.emptyLessons()).isEqualTo(1);
    assertThat(a101.measuredHours()).isEqualTo(2.5);
    assertThat(a101.occupiedHours()).isEqualTo(1.25);
    assertThat(a101.occupiedInLessonsHours()).isEqualTo(0.75);
    assertThat(a101.occupiedOutsideLessonsHours()).isEqualTo(0.5);
    assertThat(a101.lessonOccupancy()).isEqualTo(0.375);
    // B201 has a lesson but no sensor: unknown, never "empty".
    RoomOccupancyReport.RoomOccupancy b201 = days.get(1);
    assertThat(b201.lessons()).isEqualTo(1);
    assertThat(b201.emptyLessons()).isZero();
    assertThat(b201.lessonOccupancy()).isNull();

    assertThat(report.report(TEACHER, "s1", MONDAY, MONDAY.plusDays(1), true))
        .filteredOn(r -> r.room().equals("A101"))
        .singleElement()
        .satisfies(
            week -> {
              assertThat(week.period()).isEqualTo("2026-W50");
              assertThat(week.lessons()).isEqualTo(2);
              assertThat(week.occupiedHours()).isEqualTo(1.25);
            });
  }

  @Test
  void badRangesAndOtherSchoolsAreRefused() {
    assertThatThrownBy(() -> report.report(TEACHER, "s1", MONDAY, MONDAY.minusDays(1), false))
        .hasMessageContaining("is before");
    assertThatThrownBy(() -> report.report(TEACHER, "s1", MONDAY, MONDAY.plusDays(31), false))
        .hasMessageContaining("at most 31 days");
    assertThatThrownBy(() -> report.report(TEACHER, "s2", MONDAY, MONDAY, false))
        .isInstanceOf(ForbiddenException.class);
  }

  private static LocalTime at(int hour) {
    return LocalTime.of(hour, 0);
  }

  /** One PIR sample every 30 s for {@code minutes} minutes from {@code start}. */
  private void occupied(String start, int minutes, boolean flag) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId("gw-a101").setEpoch(1);
    long first = MONDAY.atTime(LocalTime.parse(start)).atZone(ZONE).toInstant().toEpochMilli();
    for (int i = 0; i < minutes * 2; i++) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(++seq)
              .setReading(
                  Reading.newBuilder()
                      .setDeviceId("pir1")
                      .setMetric("occupied")
                      .setBoolValue(flag)
                      .setUnit("1")
                      .setSourceTimeMs(first + i * 30_000L)
                      .setQuality(Quality.QUALITY_GOOD)));
    }
    store.store(batch.build());
  }
}
