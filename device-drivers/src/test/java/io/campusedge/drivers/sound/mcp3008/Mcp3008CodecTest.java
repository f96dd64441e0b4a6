package io.campusedge.drivers.sound.mcp3008;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.campusedge.drivers.api.SensorFault;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Mcp3008CodecTest {
  @Test
  void requestFollowsFigure61() {
    // Start bit in the first byte; SGL/DIFF=1, D2..D0 = channel in the top nibble of the second.
    assertThat(Mcp3008Codec.singleEnded(0)).containsExactly(0x01, 0x80, 0x00);
    assertThat(Mcp3008Codec.singleEnded(5)).containsExactly(0x01, 0xD0, 0x00);
    assertThat(Mcp3008Codec.singleEnded(7)).containsExactly(0x01, 0xF0, 0x00);
  }

  @Test
  void answerCarriesNullBitAndTenBits() throws SensorFault {
    // Equation 4-1: V_IN = V_REF / 2 gives code 512 = 0b10_0000_0000.
    assertThat(Mcp3008Codec.code(new byte[] {0x00, 0x02, 0x00})).isEqualTo(512);
    assertThat(Mcp3008Codec.code(new byte[] {(byte) 0xFF, 0x03, (byte) 0xFF})).isEqualTo(1023);
    assertThat(Mcp3008Codec.volts(512, 3.3)).isCloseTo(1.65, within(1e-9));
  }

  @Test
  void floatingMisoIsRecognisedByTheNullBit() {
    assertThatThrownBy(() -> Mcp3008Codec.code(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
        .isInstanceOf(SensorFault.class)
        .hasMessageContaining("null bit is 1");
  }

  @Test
  void truncatedAnswerIsAFault() {
    assertThatThrownBy(() -> Mcp3008Codec.code(new byte[] {0x00, 0x02}))
        .isInstanceOf(SensorFault.class)
        .hasMessageContaining("2 bytes instead of 3");
  }

  private static final SoundLevel.Calibration CAL = new SoundLevel.Calibration(3.3, 94, 1, false);

  private static int[] sine(double amplitudeCodes, int n) {
    int[] codes = new int[n];
    for (int i = 0; i < n; i++) {
      long code = Math.round(512 + amplitudeCodes * Math.sin(2 * Math.PI * i / 50.0));
      codes[i] = (int) Math.max(0, Math.min(1023, code));
    }
    return codes;
  }

  @Test
  void sineOfKnownAmplitudeGivesItsRmsLevel() {
    SoundLevel.Level level = SoundLevel.of(sine(200, 500), CAL);
    double rmsVolts = 200 / Math.sqrt(2) * 3.3 / 1024;
    assertThat(level.volts()).isCloseTo(rmsVolts, within(0.002));
    assertThat(level.db()).isCloseTo(94 + 20 * Math.log10(rmsVolts), within(0.05));
    assertThat(level.problem()).isEmpty();
    assertThat(level.warning()).isEmpty();
  }

  @Test
  void doublingTheAmplitudeAddsSixDecibels() {
    double quiet = SoundLevel.of(sine(100, 500), CAL).db();
    double loud = SoundLevel.of(sine(200, 500), CAL).db();
    assertThat(loud - quiet).isCloseTo(6.02, within(0.05));
  }

  @Test
  void silenceHasAFiniteFloor() {
    int[] flat = new int[100];
    java.util.Arrays.fill(flat, 512);
    assertThat(SoundLevel.of(flat, CAL).db()).isFinite();
  }

  @Test
  void stuckInputsAreBadAndClippingIsUncertain() {
    assertThat(SoundLevel.of(new int[100], CAL).problem()).get().asString().contains("0 V");
    int[] full = new int[100];
    java.util.Arrays.fill(full, 1023);
    assertThat(SoundLevel.of(full, CAL).problem()).get().asString().contains("full scale");
    SoundLevel.Level clipped = SoundLevel.of(sine(600, 500), CAL);
    assertThat(clipped.problem()).isEmpty();
    assertThat(clipped.warning()).isNotEqualTo(Optional.empty());
  }
}
