package io.campusedge.drivers.sound.mcp3008;

import java.util.Optional;

/**
 * Estimates a sound level from one window of ADC codes of an analog microphone module (electret +
 * amplifier biased at half supply, e.g. MAX4466/MAX9814 boards). Such a module is not a sound level
 * meter: no A-weighting, unknown microphone sensitivity, sample rate set by the SPI loop; the dB
 * figure is an uncalibrated estimate until {@code dbOffset} is fitted against a real meter. Pure.
 */
final class SoundLevel {
  /** How much of the window may sit at 0 or full scale before the value is only UNCERTAIN. */
  static final double CLIPPED_FRACTION = 0.01;

  private SoundLevel() {}

  /** The calibration: level = offset + slope · 20·log10(V / 1 V), V as RMS or peak-to-peak. */
  record Calibration(double referenceVolts, double dbOffset, double dbSlope, boolean peakToPeak) {}

  /** A window's result; {@code problem} is why it is BAD, {@code warning} why only UNCERTAIN. */
  record Level(double db, double volts, Optional<String> problem, Optional<String> warning) {}

  static Level of(int[] codes, Calibration cal) {
    int min = Mcp3008Codec.MAX_CODE;
    int max = 0;
    double sum = 0;
    int clipped = 0;
    for (int c : codes) {
      min = Math.min(min, c);
      max = Math.max(max, c);
      sum += c;
      if (c == 0 || c == Mcp3008Codec.MAX_CODE) {
        clipped++;
      }
    }
    if (max == 0) {
      return bad("input stuck at 0 V (module unpowered or output shorted to ground?)");
    }
    if (min == Mcp3008Codec.MAX_CODE) {
      return bad("input stuck at full scale (output shorted to 3.3V, or MISO stuck high?)");
    }
    double mean = sum / codes.length;
    double squares = 0;
    for (int c : codes) {
      squares += (c - mean) * (c - mean);
    }
    double lsb = cal.referenceVolts() / 1024.0;
    double rms = Math.sqrt(squares / codes.length) * lsb;
    double volts = cal.peakToPeak() ? (max - min) * lsb : rms;
    // Silence reads as quantisation noise at best: never take the log of zero.
    double floor = cal.peakToPeak() ? lsb : lsb / Math.sqrt(12);
    double db = cal.dbOffset() + cal.dbSlope() * 20 * Math.log10(Math.max(volts, floor));
    Optional<String> warning =
        clipped > CLIPPED_FRACTION * codes.length
            ? Optional.of(
                String.format(
                    "%d of %d samples clipped: louder than the module's range, level is a lower"
                        + " bound",
                    clipped, codes.length))
            : Optional.empty();
    return new Level(db, volts, Optional.empty(), warning);
  }

  private static Level bad(String why) {
    return new Level(Double.NaN, 0, Optional.of(why), Optional.empty());
  }
}
