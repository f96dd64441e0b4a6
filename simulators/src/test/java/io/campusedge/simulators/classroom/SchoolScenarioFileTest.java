package io.campusedge.simulators.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SchoolScenarioFileTest {
  private final SchoolScenarioFile files = new SchoolScenarioFile();

  private static final String SMALL =
      """
      site: THPT-TEST
      seed: 7
      speed: 96
      start: "06:55"
      timeZone: Asia/Ho_Chi_Minh
      outdoor: { co2Ppm: 450, temperatureCelsius: 28 }
      timetable:
        days: [MONDAY, FRIDAY]
        sessions:
          - { start: "07:00", end: "11:25" }
        period: 50m
        breakLength: 5m
      attendance: { absentShare: 0.1, lateShare: 0.2, lateBy: 8m, unknownCardChance: 0.5 }
      rooms:
        - { id: A101, name: "Lớp 10A1", students: 30, volumeM3: 150, airChangesPerHour: 2 }
        - id: B201
          name: Phòng thí nghiệm Hóa
          classId: 11A1-HOA
          students: 20
          equipment: fume-hood
          lightSensorUnplugged: true
      """;

  @Test
  void theShippedDemoSchoolHasTenRoomsAndItsPupils() throws Exception {
    SchoolScenario school = files.loadDefault();

    assertThat(school.site()).isEqualTo("THPT-DEMO");
    assertThat(school.seed()).isEqualTo(1);
    assertThat(school.speed()).isEqualTo(1);
    assertThat(school.start()).isEmpty();
    assertThat(school.rooms()).hasSize(10);
    assertThat(school.rooms().stream().mapToInt(SchoolScenario.Room::students).sum())
        .isEqualTo(360);
    assertThat(school.rooms().get(8).equipment()).isEqualTo(SchoolScenario.Equipment.FUME_HOOD);
    assertThat(school.rooms().get(8).lightSensorUnplugged()).isTrue();
    assertThat(school.rooms().get(0).classId()).isEqualTo("10A1");
    assertThat(school.attendance()).isEqualTo(VirtualClassroom.AttendanceHabits.USUAL);
    // Room seeds 1..10, as the demo used before it read a file.
    assertThat(school.roomSeed(0)).isEqualTo(1);
    assertThat(school.roomSeed(9)).isEqualTo(10);
  }

  @Test
  void readsEveryField() throws Exception {
    SchoolScenario school = files.parse(SMALL, "small.yaml");

    assertThat(school.seed()).isEqualTo(7);
    assertThat(school.speed()).isEqualTo(96);
    assertThat(school.start()).contains(LocalTime.of(6, 55));
    assertThat(school.outdoor()).isEqualTo(new SchoolScenario.Outdoor(450, 28));
    assertThat(school.timetable().days())
        .containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    assertThat(school.attendance())
        .isEqualTo(new VirtualClassroom.AttendanceHabits(0.1, 0.2, Duration.ofMinutes(8), 0.5));
    SchoolScenario.Room lab = school.rooms().get(1);
    assertThat(lab.classId()).isEqualTo("11A1-HOA");
    assertThat(lab.classTitle()).isEqualTo("Phòng thí nghiệm Hóa");
    assertThat(lab.volumeM3()).isEqualTo(180); // the default
    assertThat(lab.equipment()).isEqualTo(SchoolScenario.Equipment.FUME_HOOD);
  }

  @Test
  void theTimetableFillsTheRoomInLessonsAndAQuarterInBreaks() throws Exception {
    SchoolScenario.Timetable timetable = files.parse(SMALL, "small.yaml").timetable();
    ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
    ZonedDateTime monday = ZonedDateTime.of(2026, 3, 2, 0, 0, 0, 0, zone);

    assertThat(timetable.occupants(monday.withHour(6).withMinute(59), 40)).isZero();
    assertThat(timetable.occupants(monday.withHour(7).withMinute(44), 40)).isEqualTo(40);
    assertThat(timetable.occupants(monday.withHour(7).withMinute(46), 40)).isEqualTo(10);
    assertThat(timetable.occupants(monday.withHour(7).withMinute(50), 40)).isEqualTo(40);
    assertThat(timetable.occupants(monday.withHour(11).withMinute(25), 40)).isZero();
    assertThat(timetable.occupants(monday.plusDays(1).withHour(8), 40)).as("Tuesday").isZero();
  }

  @Test
  void aBrokenFileNamesTheLineAndTheField() {
    assertThatThrownBy(() -> files.parse(SMALL.replace("students: 30", "students: 0"), "s.yaml"))
        .isInstanceOf(SchoolScenarioFile.ScenarioException.class)
        .hasMessage("s.yaml line 15: rooms[0].students must be between 1 and 200, not 0");
    assertThatThrownBy(() -> files.parse(SMALL.replace("  classId:", "  klass:"), "s.yaml"))
        .hasMessageStartingWith(
            "s.yaml line 18: unknown field 'rooms[1].klass' (known fields here:");
    assertThatThrownBy(() -> files.parse(SMALL.replace("speed: 96", "speed: 0"), "s.yaml"))
        .hasMessageStartingWith("s.yaml line 3: speed must be above 0 and at most 10000");
    assertThatThrownBy(() -> files.parse(SMALL.replace("speed: 96", "speed: fast"), "s.yaml"))
        .hasMessageStartingWith("s.yaml line 3: speed:");
    assertThatThrownBy(
            () -> files.parse(SMALL.replace("end: \"11:25\"", "end: \"06:00\""), "s.yaml"))
        .hasMessage("s.yaml line 10: timetable.sessions[0] must end after it starts (07:00-06:00)");
    assertThatThrownBy(() -> files.parse(SMALL.replace("FRIDAY", "FRYDAY"), "s.yaml"))
        .hasMessageContaining("line 8: timetable.days[1] 'FRYDAY' is not a day");
    assertThatThrownBy(() -> files.parse(SMALL.replace("fume-hood", "kettle"), "s.yaml"))
        .hasMessageContaining(
            "line 20: rooms[1].equipment 'kettle' is not one of none, pjlink-projector,");
    assertThatThrownBy(() -> files.parse(SMALL.replace("Asia/Ho_Chi_Minh", "Asia/Hanoi"), "s.yaml"))
        .hasMessage("s.yaml line 5: timeZone 'Asia/Hanoi' is not a time zone id");
    assertThatThrownBy(() -> files.parse("site: THPT-X\nseed: 1: 2\n", "s.yaml"))
        .hasMessageStartingWith("s.yaml line 2: not valid YAML");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String broken =
        SMALL.replace("lateShare: 0.2", "lateShare: 2").replace("volumeM3: 150", "volumeM3: -1");
    assertThatThrownBy(() -> files.parse(broken, "s.yaml"))
        .hasMessageContaining(
            "s.yaml line 13: attendance.lateShare must be between 0 and 1, not 2.0")
        .hasMessageContaining("s.yaml line 15: rooms[0].volumeM3 must be between 10 and 5000");
  }

  @Test
  void aStartTimeBeginsOnTheNextSchoolDay() throws Exception {
    SchoolScenario school = files.parse(SMALL, "small.yaml");
    ZoneId zone = school.zone();

    // Wednesday 4 March 2026: no lessons on Wednesdays here, so Friday 06:55.
    java.time.Instant wednesday = ZonedDateTime.of(2026, 3, 4, 12, 0, 0, 0, zone).toInstant();
    assertThat(school.virtualStart(wednesday).atZone(zone).toLocalDateTime())
        .isEqualTo(java.time.LocalDateTime.of(2026, 3, 6, 6, 55));
    java.time.Instant monday = ZonedDateTime.of(2026, 3, 2, 12, 0, 0, 0, zone).toInstant();
    assertThat(school.virtualStart(monday).atZone(zone).toLocalDateTime())
        .isEqualTo(java.time.LocalDateTime.of(2026, 3, 2, 6, 55));
    assertThat(school.withStart(null).virtualStart(monday)).isEqualTo(monday);
  }
}
