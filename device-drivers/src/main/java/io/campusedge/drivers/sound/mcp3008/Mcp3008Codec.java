package io.campusedge.drivers.sound.mcp3008;

import io.campusedge.drivers.api.SensorFault;

/**
 * One MCP3008 conversion in three SPI bytes (Microchip MCP3004/3008 datasheet DS21295, section 6.1,
 * figure 6-1): send a start bit, then SGL/DIFF and D2..D0, then a filler byte; the answer holds a
 * null bit (0) followed by the 10-bit result, MSB first. Pure.
 */
public final class Mcp3008Codec {
  public static final int MAX_CODE = 1023;

  private Mcp3008Codec() {}

  /** Request bytes for a single-ended conversion of {@code channel} (table 5-2). */
  public static byte[] singleEnded(int channel) {
    if (channel < 0 || channel > 7) {
      throw new IllegalArgumentException("MCP3008 channel must be 0-7, got " + channel);
    }
    return new byte[] {0x01, (byte) (0x80 | (channel << 4)), 0x00};
  }

  /**
   * The 10-bit code from the answer bytes. The null bit the chip drives low before B9 tells a real
   * answer from a floating MISO line, which reads all ones.
   */
  public static int code(byte[] answer) throws SensorFault {
    if (answer == null || answer.length != 3) {
      throw new SensorFault(
          "answer has " + (answer == null ? 0 : answer.length) + " bytes instead of 3", false);
    }
    if ((answer[1] & 0x04) != 0) {
      throw new SensorFault(
          String.format(
              "no MCP3008 answering (null bit is 1, bytes %02x %02x %02x; MISO floating?)",
              answer[0] & 0xFF, answer[1] & 0xFF, answer[2] & 0xFF),
          false);
    }
    return ((answer[1] & 0x03) << 8) | (answer[2] & 0xFF);
  }

  /** Answer bytes for {@code code}, as the chip shifts them out (for simulators and tests). */
  public static byte[] answer(int code) {
    return new byte[] {0x00, (byte) ((code >> 8) & 0x03), (byte) code};
  }

  /** Datasheet equation 4-1: code = 1024 · V_IN / V_REF, so V_IN = code · V_REF / 1024. */
  public static double volts(int code, double referenceVolts) {
    return code * referenceVolts / 1024.0;
  }
}
