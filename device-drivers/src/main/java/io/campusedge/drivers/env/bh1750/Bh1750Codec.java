package io.campusedge.drivers.env.bh1750;

import io.campusedge.drivers.api.SensorFault;

/**
 * ROHM BH1750FVI instruction set and result conversion (datasheet "Instruction Set Architecture"
 * table and "Measurement sequence example", p. 5 and 7). Pure.
 */
public final class Bh1750Codec {
  public static final int POWER_DOWN = 0x00;
  public static final int POWER_ON = 0x01;
  public static final int RESET = 0x07;
  public static final int CONTINUOUS_HIGH_RES = 0x10;
  public static final int ONE_TIME_HIGH_RES = 0x20;

  /**
   * Longest high-resolution conversion (datasheet electrical characteristics: typ 120, max 180).
   */
  public static final int HIGH_RES_MAX_MILLIS = 180;

  /** The highest count, reached in direct sunlight or when the bus reads all ones. */
  public static final int FULL_SCALE = 0xFFFF;

  private Bh1750Codec() {}

  /** Result bytes (high byte first) to lux at default sensitivity: count / 1.2 (datasheet p. 7). */
  public static double lux(byte[] result) throws SensorFault {
    return count(result) / 1.2;
  }

  public static int count(byte[] result) throws SensorFault {
    if (result == null || result.length != 2) {
      throw new SensorFault(
          "result read returned "
              + (result == null ? 0 : result.length)
              + " bytes instead of 2 (truncated answer)",
          true);
    }
    return ((result[0] & 0xFF) << 8) | (result[1] & 0xFF);
  }

  /** The count a given illuminance gives, for simulators and tests. */
  public static int countFor(double lux) {
    return (int) Math.min(FULL_SCALE, Math.max(0, Math.round(lux * 1.2)));
  }
}
