package io.campusedge.simulators.devices.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.simulators.bus.FakeBuses;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real mcp3008-sound driver against the MCP3008 model fed with a tone. */
class SoundOnFakeBusTest {
  private final FakeBuses buses = new FakeBuses();
  private final Mcp3008Chip chip = new Mcp3008Chip(3.3).tone(2, 0.05, 37.3);
  private DriverHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private Reading poll() {
    return harness.poll().get("noise");
  }

  private void start() throws Exception {
    buses.attachSpi(0, 0, chip);
    harness =
        new DriverHarness(
            "mcp3008-sound",
            Map.of("channel", 2, "samples", 400, "referenceVoltage", 3.3, "dbOffset", 94),
            buses);
  }

  @Test
  void toneOfKnownRmsGivesItsCalibratedLevel() throws Exception {
    start();
    Reading r = poll();
    assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_GOOD);
    assertThat(r.getUnit()).isEqualTo("dB[SPL]");
    // 94 dB at 1 V rms: 50 mV rms is 94 + 20 log10(0.05) = 68.0 dB.
    assertThat(r.getDoubleValue()).isCloseTo(68.0, within(0.3));
    chip.tone(2, 0.2, 37.3);
    assertThat(poll().getDoubleValue()).isCloseTo(80.0, within(0.3));
  }

  @Test
  void floatingMisoIsBadThenRecovers() throws Exception {
    start();
    chip.floating(true);
    Reading r = poll();
    assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(r.getQualityReason()).contains("null bit is 1, bytes ff ff ff");
    assertThat(harness.lastStatus()).get().matches(s -> !s.getReachable());
    chip.floating(false);
    assertThat(poll().getQuality()).isEqualTo(Quality.QUALITY_GOOD);
    assertThat(harness.lastStatus()).get().matches(s -> s.getReachable());
  }

  @Test
  void inputStuckAtZeroIsBadThenRecovers() throws Exception {
    start();
    chip.stuckLow(true);
    assertThat(poll().getQualityReason()).contains("input stuck at 0 V");
    chip.stuckLow(false);
    assertThat(poll().getQuality()).isEqualTo(Quality.QUALITY_GOOD);
  }

  @Test
  void truncatedTransferIsBadThenRecovers() throws Exception {
    start();
    chip.truncated(true);
    assertThat(poll().getQualityReason()).contains("2 bytes instead of 3");
    chip.truncated(false);
    assertThat(poll().getQuality()).isEqualTo(Quality.QUALITY_GOOD);
  }

  @Test
  void clippedSignalIsOnlyUncertain() throws Exception {
    start();
    chip.tone(2, 1.5, 37.3);
    Reading r = poll();
    assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_UNCERTAIN);
    assertThat(r.getQualityReason()).contains("clipped");
  }
}
