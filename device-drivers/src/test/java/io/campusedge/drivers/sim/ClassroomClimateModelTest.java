package io.campusedge.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ClassroomClimateModelTest {
  private static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");

  private static long at(int day, int hour, int minute) {
    // 2026-11-23 is a Monday.
    return ZonedDateTime.of(2026, 11, 23 + day, hour, minute, 0, 0, HANOI)
        .toInstant()
        .toEpochMilli();
  }

  @Test
  void occupancyFollowsTheTimetable() {
    ClassroomClimateModel model = new ClassroomClimateModel(1, 40, 180, 3, 30, HANOI);
    assertThat(model.occupantsAt(at(0, 6, 30))).isZero();
    assertThat(model.occupantsAt(at(0, 7, 10))).isEqualTo(40);
    assertThat(model.occupantsAt(at(0, 7, 47))).isEqualTo(10); // break between periods
    assertThat(model.occupantsAt(at(0, 12, 0))).isZero(); // lunch
    assertThat(model.occupantsAt(at(6, 9, 0))).isZero(); // Sunday
  }

  @Test
  void co2ApproachesTheMassBalanceSteadyStateDuringALesson() {
    // 40 pupils, 180 m3, 3 ACH: G/(nV) = 40*0.0043e-3/(3/3600*180) = 1147 ppm above outdoors.
    ClassroomClimateModel model = new ClassroomClimateModel(1, 40, 180, 3, 30, HANOI);
    ClassroomClimateModel.Snapshot last = null;
    for (int minute = 0; minute < 45; minute++) {
      last = model.advance(at(0, 7, minute));
    }
    assertThat(last.co2Ppm()).isBetween(1400.0, 1600.0);
    assertThat(last.occupants()).isEqualTo(40);
  }

  @Test
  void emptyRoomDecaysTowardsOutdoorAir() {
    ClassroomClimateModel model = new ClassroomClimateModel(1, 40, 180, 3, 30, HANOI);
    for (int minute = 0; minute < 45; minute++) {
      model.advance(at(0, 7, minute));
    }
    ClassroomClimateModel.Snapshot last = null;
    for (int minute = 0; minute < 120; minute++) {
      last = model.advance(at(0, 18, minute % 60) + (minute / 60) * 3_600_000L);
    }
    assertThat(last.co2Ppm()).isBetween(400.0, 460.0);
    assertThat(last.illuminanceLux()).isLessThan(50);
  }

  @Test
  void sameSeedSameValues() {
    ClassroomClimateModel a = new ClassroomClimateModel(7, 30, 150, 2, 31, HANOI);
    ClassroomClimateModel b = new ClassroomClimateModel(7, 30, 150, 2, 31, HANOI);
    for (int minute = 0; minute < 10; minute++) {
      assertThat(a.advance(at(0, 8, minute))).isEqualTo(b.advance(at(0, 8, minute)));
    }
  }
}
