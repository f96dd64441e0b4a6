package io.campusedge.simulators.devices.env;

import static io.campusedge.simulators.devices.env.DriverHarness.allBad;
import static io.campusedge.simulators.devices.env.DriverHarness.allGood;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.campusedge.drivers.env.bme280.Bme280Calibration;
import io.campusedge.protos.v1.Reading;
import io.campusedge.simulators.bus.FakeBuses;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real bme280 driver against the register-level chip model. */
class Bme280OnFakeBusTest {
  private final FakeBuses buses = new FakeBuses();
  private final Bme280Chip chip = Bme280Chip.bme280().air(23.5, 100_800, 65);
  private DriverHarness harness;

  private DriverHarness start() throws Exception {
    harness = new DriverHarness("bme280", Map.of("address", "0x76"), buses);
    return harness;
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private static void assertAir(Map<String, Reading> r, double c, double pa, double rh) {
    assertThat(allGood(r)).as("%s", r).isTrue();
    assertThat(r.get("temperature").getDoubleValue()).isCloseTo(c, within(0.02));
    assertThat(r.get("temperature").getUnit()).isEqualTo("Cel");
    assertThat(r.get("pressure").getDoubleValue()).isCloseTo(pa, within(2.0));
    assertThat(r.get("pressure").getUnit()).isEqualTo("Pa");
    assertThat(r.get("humidity").getDoubleValue()).isCloseTo(rh, within(0.1));
    assertThat(r.get("humidity").getUnit()).isEqualTo("%");
  }

  @Test
  void readsTheAirSetOnTheChipInForcedMode() throws Exception {
    buses.attachI2c(1, 0x76, chip);
    Map<String, Reading> r = start().poll();
    assertAir(r, 23.5, 100_800, 65);
    assertThat(chip.ctrlMeas() & 0x03).as("back to sleep after the forced conversion").isZero();
    chip.air(31.2, 99_950, 82);
    assertAir(harness.poll(), 31.2, 99_950, 82);
    assertThat(harness.lastStatus()).get().matches(s -> s.getReachable());
  }

  @Test
  void readsABmp280WithoutHumidity() throws Exception {
    buses.attachI2c(1, 0x76, Bme280Chip.bmp280().air(19.0, 101_000, 50));
    Map<String, Reading> r = start().poll();
    assertThat(r).containsOnlyKeys("temperature", "pressure");
    assertThat(r.get("temperature").getDoubleValue()).isCloseTo(19.0, within(0.02));
  }

  @Test
  void missingSensorIsBadWithTheReasonThenRecovers() throws Exception {
    Map<String, Reading> r = start().poll();
    assertThat(allBad(r)).isTrue();
    assertThat(r.get("temperature").getQualityReason())
        .contains("I2C bus 1: no device at 0x76")
        .contains("3.3V");
    assertThat(harness.lastStatus()).get().matches(s -> !s.getReachable());
    buses.attachI2c(1, 0x76, chip);
    assertAir(harness.poll(), 23.5, 100_800, 65);
    assertThat(harness.lastStatus()).get().matches(s -> s.getReachable());
  }

  @Test
  void wrongChipIdIsBadThenRecovers() throws Exception {
    buses.attachI2c(1, 0x76, chip.wrongChipId(0x55));
    Map<String, Reading> r = start().poll();
    assertThat(allBad(r)).isTrue();
    assertThat(r.get("pressure").getQualityReason())
        .contains("chip id 0x55 is not a BME280 (0x60) or BMP280 (0x58)");
    chip.wrongChipId(null);
    assertAir(harness.poll(), 23.5, 100_800, 65);
  }

  @Test
  void conversionThatNeverFinishesIsBadThenRecovers() throws Exception {
    buses.attachI2c(1, 0x76, chip);
    start().poll();
    chip.stuckBusy(true);
    Map<String, Reading> r = harness.poll();
    assertThat(allBad(r)).isTrue();
    assertThat(r.get("temperature").getQualityReason())
        .contains("measurement did not finish within 100ms");
    chip.stuckBusy(false);
    assertAir(harness.poll(), 23.5, 100_800, 65);
  }

  @Test
  void calibrationOfAllOnesIsBadThenRecovers() throws Exception {
    buses.attachI2c(1, 0x76, chip.calibrationAllOnes(true));
    Map<String, Reading> r = start().poll();
    assertThat(allBad(r)).isTrue();
    assertThat(r.get("humidity").getQualityReason()).contains("calibration NVM reads all 0xff");
    chip.calibrationAllOnes(false);
    assertAir(harness.poll(), 23.5, 100_800, 65);
  }

  @Test
  void truncatedReadIsBadThenRecovers() throws Exception {
    buses.attachI2c(1, 0x76, chip);
    start().poll();
    chip.truncateReads(1);
    Map<String, Reading> r = harness.poll();
    assertThat(allBad(r)).isTrue();
    assertThat(r.get("temperature").getQualityReason()).contains("returned 1 bytes instead of 8");
    chip.truncateReads(-1);
    assertAir(harness.poll(), 23.5, 100_800, 65);
  }

  @Test
  void valueOutsideTheSensorRangeIsBad() throws Exception {
    buses.attachI2c(1, 0x76, chip.air(23.5, 20_000, 65));
    Map<String, Reading> r = start().poll();
    assertThat(r.get("pressure").getQualityReason())
        .contains("outside the sensor's range 30000..110000 Pa");
  }

  @Test
  void powerCycledChipIsSetUpAgain() throws Exception {
    buses.attachI2c(1, 0x76, chip);
    start().poll();
    chip.powerCycle();
    assertAir(harness.poll(), 23.5, 100_800, 65);
  }

  @Test
  void replacedSensorHasItsOwnCalibrationReadAgain() throws Exception {
    buses.attachI2c(1, 0x76, chip);
    assertAir(start().poll(), 23.5, 100_800, 65);
    buses.detachI2c(1, 0x76);
    assertThat(allBad(harness.poll())).isTrue();
    Bme280Calibration other =
        new Bme280Calibration(
            28000, 26000, -1100, 37000, -10500, 3100, 3000, 120, -7, 15000, -14000, 5000, 70, 350,
            0, 320, 40, 30);
    buses.attachI2c(1, 0x76, Bme280Chip.bme280(other).air(21.0, 100_100, 55));
    assertAir(harness.poll(), 21.0, 100_100, 55);
  }
}
