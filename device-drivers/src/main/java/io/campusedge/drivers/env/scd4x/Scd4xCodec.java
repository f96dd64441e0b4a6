package io.campusedge.drivers.env.scd4x;

import io.campusedge.drivers.api.SensorFault;

/**
 * The SCD4x I2C framing (Sensirion SCD4x datasheet, version 1.x, section 3.3 "I2C communication"):
 * 16-bit commands sent MSB first, every 16-bit data word followed by a CRC-8 byte. Pure.
 */
public final class Scd4xCodec {
  public static final int START_PERIODIC_MEASUREMENT = 0x21B1;
  public static final int READ_MEASUREMENT = 0xEC05;
  public static final int STOP_PERIODIC_MEASUREMENT = 0x3F86;
  public static final int GET_DATA_READY_STATUS = 0xE4B8;
  public static final int SET_AUTOMATIC_SELF_CALIBRATION_ENABLED = 0x2416;
  public static final int SET_SENSOR_ALTITUDE = 0x2427;
  public static final int SET_AMBIENT_PRESSURE = 0xE000;

  private Scd4xCodec() {}

  /**
   * CRC-8, polynomial 0x31 (x^8 + x^5 + x^4 + 1), init 0xFF, no reflection, no final XOR (3.11).
   */
  public static int crc8(byte[] data, int offset, int length) {
    int crc = 0xFF;
    for (int i = offset; i < offset + length; i++) {
      crc ^= data[i] & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
      }
    }
    return crc;
  }

  public static byte[] command(int command) {
    return new byte[] {(byte) (command >> 8), (byte) command};
  }

  /** A command with one argument word and its CRC. */
  public static byte[] command(int command, int argument) {
    byte[] frame = {
      (byte) (command >> 8), (byte) command, (byte) (argument >> 8), (byte) argument, 0
    };
    frame[4] = (byte) crc8(frame, 2, 2);
    return frame;
  }

  /** Words with their CRC bytes, as the sensor sends them. */
  public static byte[] encodeWords(int... words) {
    byte[] out = new byte[words.length * 3];
    for (int i = 0; i < words.length; i++) {
      out[3 * i] = (byte) (words[i] >> 8);
      out[3 * i + 1] = (byte) words[i];
      out[3 * i + 2] = (byte) crc8(out, 3 * i, 2);
    }
    return out;
  }

  /** Checks length and every CRC; {@code what} names the command in the fault. */
  public static int[] decodeWords(byte[] response, int count, String what) throws SensorFault {
    if (response == null || response.length != count * 3) {
      throw new SensorFault(
          String.format(
              "%s: expected %d bytes, got %d (truncated answer)",
              what, count * 3, response == null ? 0 : response.length),
          false);
    }
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      int expected = crc8(response, 3 * i, 2);
      int got = response[3 * i + 2] & 0xFF;
      if (expected != got) {
        throw new SensorFault(
            String.format(
                "%s: CRC mismatch in word %d (bytes %02x %02x crc %02x, expected crc %02x)",
                what, i, response[3 * i] & 0xFF, response[3 * i + 1] & 0xFF, got, expected),
            false);
      }
      words[i] = ((response[3 * i] & 0xFF) << 8) | (response[3 * i + 1] & 0xFF);
    }
    return words;
  }

  /** get_data_ready_status (section 3.8.2): data is ready unless the 11 low bits are all 0. */
  public static boolean dataReady(int statusWord) {
    return (statusWord & 0x07FF) != 0;
  }

  /** One read_measurement result (section 3.5.2). */
  public record Measurement(int co2Ppm, double celsius, double humidityPercent) {}

  /**
   * Section 3.5.2: CO2 [ppm] = word[0]; T = -45 + 175 · word[1] / 2^16; RH = 100 · word[2] / 2^16.
   */
  public static Measurement convert(int[] words) {
    return new Measurement(words[0], -45 + 175.0 * words[1] / 65536.0, 100.0 * words[2] / 65536.0);
  }

  /** The inverse of {@link #convert}, for simulators and tests. */
  public static int[] rawWords(int co2Ppm, double celsius, double humidityPercent) {
    int t = (int) Math.round((celsius + 45) * 65536.0 / 175.0);
    int rh = (int) Math.round(humidityPercent * 65536.0 / 100.0);
    return new int[] {co2Ppm, Math.min(0xFFFF, Math.max(0, t)), Math.min(0xFFFF, Math.max(0, rh))};
  }
}
