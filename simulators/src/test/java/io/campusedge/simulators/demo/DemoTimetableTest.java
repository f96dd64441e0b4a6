package io.campusedge.simulators.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.simulators.classroom.SchoolScenario;
import io.campusedge.simulators.classroom.SchoolScenarioFile;
import io.campusedge.simulators.classroom.SimulationClock;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTimetableTest {
  // Monday 2 March 2026, 07:00 in Hanoi.
  private static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");
  private static final Clock REAL = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void inRealTimeTheHubGetsTheWeeklyTimetableAsBefore() throws Exception {
    SchoolScenario school = new SchoolScenarioFile().loadDefault();
    SimulationClock clock = new SimulationClock(REAL, school.virtualStart(NOW), school.speed());

    List<DemoTimetable.Lesson> lessons = DemoTimetable.lessons(school, clock);

    assertThat(lessons).hasSize(12);
    assertThat(lessons.get(0))
        .isEqualTo(new DemoTimetable.Lesson(1, LocalTime.of(7, 0), LocalTime.of(11, 25), "1-sang"));
    assertThat(lessons.get(11))
        .isEqualTo(
            new DemoTimetable.Lesson(6, LocalTime.of(13, 30), LocalTime.of(17, 0), "6-chieu"));
    String csv =
        new DemoRoster(school.site(), List.of(), lessons).timetableCsv()
            + new DemoRoster(school.site(), List.of()).timetableCsv();
    assertThat(csv).doesNotContain("10A1"); // no classes, header only
  }

  @Test
  void atSpeed96TheFirstSchoolDayIsMappedOntoTheWallClock() throws Exception {
    SchoolScenario school =
        new SchoolScenarioFile().loadDefault().withSpeed(96).withStart(LocalTime.of(6, 55));
    SimulationClock clock = new SimulationClock(REAL, school.virtualStart(NOW), school.speed());

    List<DemoTimetable.Lesson> lessons = DemoTimetable.lessons(school, clock);

    // 5 virtual minutes to 07:00 are 3.1 s; 07:00-11:25 lasts 2 min 45 s; 13:30 is 395 virtual
    // minutes after 06:55, 4 min 6.9 s of wall clock.
    assertThat(lessons)
        .containsExactly(
            new DemoTimetable.Lesson(
                1, LocalTime.of(7, 0, 3), LocalTime.of(7, 2, 48), "2026-03-02-sang"),
            new DemoTimetable.Lesson(
                1, LocalTime.of(7, 4, 6), LocalTime.of(7, 6, 18), "2026-03-02-chieu"));
  }

  @Test
  void afterTheLastLessonTheNextSchoolDayIsTaken() throws Exception {
    SchoolScenario school =
        new SchoolScenarioFile().loadDefault().withSpeed(96).withStart(LocalTime.of(18, 0));
    // Saturday evening: Sunday is off, Monday's lessons come 37 virtual hours later.
    Instant saturday = Instant.parse("2026-03-07T00:00:00Z");
    SimulationClock clock =
        new SimulationClock(
            Clock.fixed(saturday, ZoneOffset.UTC), school.virtualStart(saturday), school.speed());

    List<DemoTimetable.Lesson> lessons = DemoTimetable.lessons(school, clock);

    assertThat(lessons).hasSize(2);
    assertThat(lessons.get(0).suffix()).isEqualTo("2026-03-09-sang");
    // 18:00 Saturday to 07:00 Monday is 37 virtual hours: 23 min 7.5 s of wall clock.
    assertThat(lessons.get(0).start()).isEqualTo(LocalTime.of(7, 23, 7));
  }
}
