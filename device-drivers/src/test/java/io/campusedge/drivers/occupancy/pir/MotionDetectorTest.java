package io.campusedge.drivers.occupancy.pir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MotionDetectorTest {
  private static final long MS = 1_000_000;
  private final MotionDetector detector = new MotionDetector(50 * MS, 60_000 * MS);

  @Test
  void pulseLongerThanDebounceIsOneMotionAndHoldsOccupancy() {
    detector.edge(true, 0);
    detector.edge(false, 2_000 * MS);
    MotionDetector.Snapshot s = detector.poll(10_000 * MS);
    assertThat(s.motionCount()).isEqualTo(1);
    assertThat(s.occupied()).isTrue();
    assertThat(detector.poll(61_999 * MS).occupied()).isTrue();
    assertThat(detector.poll(62_001 * MS).occupied()).isFalse();
  }

  @Test
  void shortGlitchIsIgnored() {
    detector.edge(true, 0);
    detector.edge(false, 3 * MS);
    MotionDetector.Snapshot s = detector.poll(100 * MS);
    assertThat(s.motionCount()).isZero();
    assertThat(s.glitches()).isEqualTo(1);
    assertThat(s.occupied()).isFalse();
  }

  @Test
  void outputStillHighCountsOnceAcrossPolls() {
    detector.edge(true, 0);
    assertThat(detector.poll(10 * MS).motionCount()).isZero();
    MotionDetector.Snapshot first = detector.poll(100 * MS);
    assertThat(first.motionCount()).isEqualTo(1);
    assertThat(first.occupied()).isTrue();
    detector.edge(false, 5_000 * MS);
    MotionDetector.Snapshot second = detector.poll(6_000 * MS);
    assertThat(second.motionCount()).isZero();
    assertThat(second.occupied()).isTrue();
  }

  @Test
  void countsEveryMotionBetweenPollsAndResets() {
    for (int i = 0; i < 3; i++) {
      detector.edge(true, i * 10_000 * MS);
      detector.edge(false, (i * 10_000 + 2_500) * MS);
    }
    assertThat(detector.poll(40_000 * MS).motionCount()).isEqualTo(3);
    assertThat(detector.poll(41_000 * MS).motionCount()).isZero();
  }

  @Test
  void noMotionEverMeansEmpty() {
    assertThat(detector.poll(1_000 * MS).occupied()).isFalse();
  }
}
