package io.campusedge.simulators.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.drivers.sim.ClassroomClimateModel;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The virtual classroom read by the real drivers, as the demo does. */
class VirtualClassroomTest {
  private static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final SiteKey SITE_KEY = new SiteKey("k1", new byte[32]);

  private final List<CardTap> taps = new ArrayList<>();
  private final List<Reading> readings = new ArrayList<>();

  private final RecordSink sink =
      new RecordSink() {
        @Override
        public void reading(Reading reading) {
          readings.add(reading);
        }

        @Override
        public void cardTap(CardTap tap) {
          taps.add(tap);
        }

        @Override
        public void equipmentEvent(EquipmentEvent event) {}

        @Override
        public void deviceStatus(DeviceStatus status) {}
      };

  private static VirtualClassroom classroomAt(ZonedDateTime time, int students) {
    Clock clock = Clock.fixed(time.toInstant(), HANOI);
    return new VirtualClassroom(
        "A101",
        new ClassroomClimateModel(1, students, 180, 3, 30, HANOI),
        clock,
        students,
        7,
        false);
  }

  private DeviceDriver open(VirtualClassroom room, String type) throws Exception {
    AgentConfig.Device device =
        room.devices(Duration.ofSeconds(10)).stream()
            .filter(d -> d.type().equals(type))
            .findFirst()
            .orElseThrow();
    DeviceDriver driver = DriverRegistry.load().create(device.toSpec());
    driver.open(new DriverContext(sink, Clock.systemUTC(), room.buses(), Optional.of(SITE_KEY)));
    return driver;
  }

  @Test
  void pupilsArrivingForALessonTapTheirCardsOneAtATime() throws Exception {
    // Monday 2026-11-30 07:10 in Hanoi: first lesson, the whole class is in.
    try (VirtualClassroom room =
            classroomAt(ZonedDateTime.of(2026, 11, 30, 7, 10, 0, 0, HANOI), 3);
        DeviceDriver reader = open(room, "mfrc522")) {
      for (int second = 0; second < 5; second++) {
        reader.poll();
        room.tick();
      }

      assertThat(taps)
          .extracting(tap -> tap.getCardRef().toByteArray())
          .containsExactly(
              SITE_KEY.reference(room.studentCards().get(0).uid()),
              SITE_KEY.reference(room.studentCards().get(1).uid()),
              SITE_KEY.reference(room.studentCards().get(2).uid()));
      assertThat(taps).allSatisfy(tap -> assertThat(tap.getReaderId()).isEqualTo("a101-door"));
    }
  }

  @Test
  void someStayHomeSomeComeLateAndAVisitorTapsAnUnknownCard() throws Exception {
    // Built before school (nobody in), then the clock moves to 07:10 on Monday, the class is in.
    MovingClock clock = new MovingClock(ZonedDateTime.of(2026, 11, 30, 5, 0, 0, 0, HANOI));
    int students = 30;
    try (VirtualClassroom room =
            new VirtualClassroom(
                "A101",
                new ClassroomClimateModel(1, students, 180, 3, 30, HANOI),
                clock,
                students,
                7,
                false);
        DeviceDriver reader = open(room, "mfrc522")) {
      room.attendanceHabits(
          new VirtualClassroom.AttendanceHabits(0.2, 0.2, Duration.ofMinutes(8), 1.0));
      clock.advance(Duration.ofMinutes(130));
      List<String> pupils = new ArrayList<>();
      for (var card : room.studentCards()) {
        pupils.add(HexFormat.of().formatHex(SITE_KEY.reference(card.uid())));
      }
      for (int second = 0; second < 60; second++) {
        clock.advance(Duration.ofSeconds(1));
        room.tick();
        reader.poll();
      }
      List<String> onTime = refs();
      clock.advance(Duration.ofMinutes(8));
      for (int second = 0; second < 60; second++) {
        clock.advance(Duration.ofSeconds(1));
        room.tick();
        reader.poll();
      }
      List<String> all = refs();
      List<String> late = all.subList(onTime.size(), all.size());

      assertThat(pupils).doesNotContain(onTime.get(0)); // the visitor's card, first at the door
      assertThat(onTime.subList(1, onTime.size())).isSubsetOf(pupils);
      assertThat(late).isNotEmpty().isSubsetOf(pupils).doesNotContainAnyElementsOf(onTime);
      int absent = students - (all.size() - 1);
      assertThat(absent).as("pupils who never tapped").isBetween(1, students / 2);
      assertThat(all).doesNotHaveDuplicates();
    }
  }

  private List<String> refs() {
    return taps.stream()
        .map(tap -> HexFormat.of().formatHex(tap.getCardRef().toByteArray()))
        .toList();
  }

  /** A clock the test moves forward. */
  private static final class MovingClock extends Clock {
    private java.time.Instant now;

    MovingClock(ZonedDateTime start) {
      this.now = start.toInstant();
    }

    void advance(Duration step) {
      now = now.plus(step);
    }

    @Override
    public ZoneId getZone() {
      return HANOI;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }

  @Test
  void nobodyTapsAtNight() throws Exception {
    try (VirtualClassroom room =
            classroomAt(ZonedDateTime.of(2026, 11, 30, 22, 0, 0, 0, HANOI), 30);
        DeviceDriver reader = open(room, "mfrc522")) {
      for (int second = 0; second < 3; second++) {
        room.tick();
        reader.poll();
      }

      assertThat(taps).isEmpty();
    }
  }

  @Test
  void theSensorsReadTheRoomsAir() throws Exception {
    try (VirtualClassroom room =
            classroomAt(ZonedDateTime.of(2026, 11, 30, 9, 0, 0, 0, HANOI), 40);
        DeviceDriver bme280 = open(room, "bme280")) {
      bme280.poll();

      assertThat(readings)
          .extracting(Reading::getMetric)
          .containsExactly("temperature", "humidity", "pressure");
    }
  }

  @Test
  void studentCardsAreSevenByteNxpUidsAndDifferPerPupil() {
    try (VirtualClassroom room =
        classroomAt(ZonedDateTime.of(2026, 11, 30, 22, 0, 0, 0, HANOI), 40)) {
      assertThat(room.studentCards()).hasSize(40);
      assertThat(room.studentCards())
          .allSatisfy(card -> assertThat(card.uid()).hasSize(7).startsWith((byte) 0x04));
      assertThat(room.studentCards().stream().map(c -> HexFormat.of().formatHex(c.uid())))
          .doesNotHaveDuplicates();
    }
  }

  @ParameterizedTest(name = "{0}:00 with the class {1}")
  @CsvSource({"9, on", "22, standby"})
  void theTeacherSwitchesTheBoardOnForLessonsAndTheDriverSeesIt(int hour, String expected)
      throws Exception {
    try (VirtualClassroom room =
        classroomAt(ZonedDateTime.of(2026, 11, 30, hour, 0, 0, 0, HANOI), 40)) {
      room.install(VirtualClassroom.Equipment.smartBoard());
      room.tick();
      try (DeviceDriver board = open(room, "display-board")) {
        board.poll();
      }

      assertThat(readings)
          .filteredOn(r -> r.getMetric().equals("power_state"))
          .extracting(Reading::getStringValue)
          .containsExactly(expected);
    }
  }

  @Test
  void theLabsFumeHoodIsReadOverModbusAndItsSashRisesForTheLesson() throws Exception {
    try (VirtualClassroom room =
        classroomAt(ZonedDateTime.of(2026, 11, 30, 9, 0, 0, 0, HANOI), 24)) {
      room.install(VirtualClassroom.Equipment.fumeHood());
      room.tick();
      try (DeviceDriver hood = open(room, "modbus-tcp")) {
        hood.poll();
      }

      assertThat(readings)
          .filteredOn(r -> r.getMetric().equals("sash_opening"))
          .extracting(Reading::getDoubleValue)
          .containsExactly(40.0);
      assertThat(readings)
          .filteredOn(r -> r.getMetric().equals("face_velocity"))
          .allSatisfy(r -> assertThat(r.getQuality().name()).isEqualTo("QUALITY_GOOD"));
    }
  }
}
