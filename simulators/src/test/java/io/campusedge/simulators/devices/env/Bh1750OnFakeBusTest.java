package io.campusedge.simulators.devices.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.simulators.bus.FakeBuses;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real bh1750 driver against the opcode-level chip model. */
class Bh1750OnFakeBusTest {
  private final FakeBuses buses = new FakeBuses();
  private final Bh1750Chip chip = new Bh1750Chip().lux(320);
  private DriverHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private Reading poll() {
    return harness.poll().get("illuminance");
  }

  private static void assertLux(Reading r, double lux) {
    assertThat(r.getQuality()).as("%s", r).isEqualTo(Quality.QUALITY_GOOD);
    assertThat(r.getUnit()).isEqualTo("lx");
    assertThat(r.getDoubleValue()).isCloseTo(lux, within(0.5));
  }

  @Test
  void oneTimeModeReadsEachPollAndSurvivesAPowerCycle() throws Exception {
    buses.attachI2c(1, 0x23, chip);
    harness = new DriverHarness("bh1750", Map.of(), buses);
    assertLux(poll(), 320);
    chip.powerCycle().lux(45);
    assertLux(poll(), 45);
    assertThat(chip.conversions()).isEqualTo(2);
  }

  @Test
  void continuousModeAtTheOtherAddress() throws Exception {
    buses.attachI2c(1, 0x5C, chip);
    harness = new DriverHarness("bh1750", Map.of("address", "0x5c", "mode", "continuous"), buses);
    assertLux(poll(), 320);
    chip.lux(512);
    assertLux(poll(), 512);
  }

  @Test
  void missingSensorIsBadThenRecovers() throws Exception {
    harness = new DriverHarness("bh1750", Map.of(), buses);
    Reading r = poll();
    assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(r.getQualityReason()).contains("no device at 0x23").contains("BH1750");
    buses.attachI2c(1, 0x23, chip);
    assertLux(poll(), 320);
  }

  @Test
  void fullScaleGarbageIsBadThenRecovers() throws Exception {
    buses.attachI2c(1, 0x23, chip.fullScale(true));
    harness = new DriverHarness("bh1750", Map.of(), buses);
    Reading r = poll();
    assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(r.getQualityReason()).contains("full scale 0xffff");
    chip.fullScale(false);
    assertLux(poll(), 320);
  }

  @Test
  void truncatedReadIsBadThenRecovers() throws Exception {
    buses.attachI2c(1, 0x23, chip.truncateReads(1));
    harness = new DriverHarness("bh1750", Map.of(), buses);
    Reading r = poll();
    assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(r.getQualityReason()).contains("1 bytes instead of 2 (truncated answer)");
    chip.truncateReads(-1);
    assertLux(poll(), 320);
  }
}
