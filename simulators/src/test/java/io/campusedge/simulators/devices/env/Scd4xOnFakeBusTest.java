package io.campusedge.simulators.devices.env;

import static io.campusedge.simulators.devices.env.DriverHarness.allBad;
import static io.campusedge.simulators.devices.env.DriverHarness.allGood;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.campusedge.protos.v1.Reading;
import io.campusedge.simulators.bus.FakeBuses;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real scd4x driver against the SCD4x command-protocol model, on a hand-moved clock. */
class Scd4xOnFakeBusTest {
  private final FakeBuses buses = new FakeBuses();
  private DriverHarness harness;
  private Scd4xChip chip;

  private DriverHarness start(Map<String, Object> params) throws Exception {
    harness = new DriverHarness("scd4x", params, buses);
    chip = new Scd4xChip(harness.clock).air(1250, 27.5, 70);
    return harness;
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  /** Moves past the next 5 s measurement and polls. */
  private Map<String, Reading> nextMeasurement() {
    harness.clock.advance(Duration.ofSeconds(5));
    return harness.poll();
  }

  private static void assertAir(Map<String, Reading> r, double co2, double c, double rh) {
    assertThat(allGood(r)).as("%s", r).isTrue();
    assertThat(r.get("co2").getDoubleValue()).isEqualTo(co2);
    assertThat(r.get("co2").getUnit()).isEqualTo("[ppm]");
    assertThat(r.get("temperature").getDoubleValue()).isCloseTo(c, within(0.01));
    assertThat(r.get("humidity").getDoubleValue()).isCloseTo(rh, within(0.01));
  }

  @Test
  void configuresTheSensorAndReadsEachNewMeasurement() throws Exception {
    start(Map.of("autoSelfCalibration", false, "altitude", 250));
    buses.attachI2c(1, 0x62, chip);
    assertThat(harness.poll()).as("nothing before the first 5 s measurement").isEmpty();
    assertThat(chip.periodic()).isTrue();
    assertThat(chip.ascEnabled()).isFalse();
    assertThat(chip.altitude()).isEqualTo(250);
    assertAir(nextMeasurement(), 1250, 27.5, 70);
    chip.air(980, 28.1, 66.2);
    assertAir(nextMeasurement(), 980, 28.1, 66.2);
  }

  @Test
  void ambientPressureIsSentWhileMeasuring() throws Exception {
    start(Map.of("ambientPressure", 1008));
    buses.attachI2c(1, 0x62, chip);
    harness.poll();
    assertThat(chip.ambientPressureHpa()).isEqualTo(1008);
    assertThat(chip.altitude()).isZero();
  }

  @Test
  void missingSensorIsBadThenRecovers() throws Exception {
    start(Map.of());
    Map<String, Reading> r = harness.poll();
    assertThat(allBad(r)).isTrue();
    assertThat(r.get("co2").getQualityReason()).contains("no device at 0x62");
    assertThat(harness.lastStatus()).get().matches(s -> !s.getReachable());
    buses.attachI2c(1, 0x62, chip);
    harness.poll();
    assertAir(nextMeasurement(), 1250, 27.5, 70);
    assertThat(harness.lastStatus()).get().matches(s -> s.getReachable());
  }

  @Test
  void wrongCrcIsBadWithTheBytesThenRecovers() throws Exception {
    start(Map.of());
    buses.attachI2c(1, 0x62, chip);
    harness.poll();
    chip.corruptCrc(true);
    Map<String, Reading> r = nextMeasurement();
    assertThat(allBad(r)).isTrue();
    assertThat(r.get("co2").getQualityReason()).contains("CRC mismatch in word 0");
    chip.corruptCrc(false);
    assertAir(harness.poll(), 1250, 27.5, 70);
  }

  @Test
  void truncatedAnswerIsBadThenRecovers() throws Exception {
    start(Map.of());
    buses.attachI2c(1, 0x62, chip);
    harness.poll();
    chip.truncateReads(2);
    Map<String, Reading> r = nextMeasurement();
    assertThat(r.get("humidity").getQualityReason())
        .contains("expected 3 bytes, got 2 (truncated answer)");
    chip.truncateReads(-1);
    assertAir(harness.poll(), 1250, 27.5, 70);
  }

  @Test
  void stuckDataReadyIsBadAfterTheWaitAndTheSensorIsRestarted() throws Exception {
    start(Map.of("maxDataWait", "15s"));
    buses.attachI2c(1, 0x62, chip);
    harness.poll();
    assertAir(nextMeasurement(), 1250, 27.5, 70);
    chip.stuckNotReady(true);
    assertThat(nextMeasurement()).isEmpty();
    assertThat(nextMeasurement()).isEmpty();
    assertThat(nextMeasurement()).isEmpty();
    Map<String, Reading> r = nextMeasurement();
    assertThat(allBad(r)).isTrue();
    assertThat(r.get("co2").getQualityReason())
        .contains("no new measurement for 20 s (data-ready flag never set)");
    chip.stuckNotReady(false);
    harness.poll();
    assertThat(chip.starts()).isEqualTo(2);
    assertAir(nextMeasurement(), 1250, 27.5, 70);
  }

  @Test
  void powerCycledSensorIsStartedAgain() throws Exception {
    start(Map.of());
    buses.attachI2c(1, 0x62, chip);
    harness.poll();
    assertAir(nextMeasurement(), 1250, 27.5, 70);
    chip.powerCycle();
    assertThat(nextMeasurement()).isEmpty();
    assertThat(nextMeasurement()).isEmpty();
    assertThat(nextMeasurement()).isEmpty();
    assertThat(allBad(nextMeasurement())).as("idle sensor never has data").isTrue();
    harness.poll();
    assertThat(chip.periodic()).isTrue();
    assertThat(chip.starts()).isEqualTo(2);
    assertAir(nextMeasurement(), 1250, 27.5, 70);
  }
}
