package io.campusedge.drivers.env.bme280;

/**
 * The trimming parameters burnt into each chip's NVM (BME280 datasheet section 4.2.2 table 16;
 * BMP280 datasheet section 3.11.2 table 17). Humidity parameters are zero on a BMP280.
 */
public record Bme280Calibration(
    int t1,
    int t2,
    int t3,
    int p1,
    int p2,
    int p3,
    int p4,
    int p5,
    int p6,
    int p7,
    int p8,
    int p9,
    int h1,
    int h2,
    int h3,
    int h4,
    int h5,
    int h6) {

  /** Bytes 0x88..0xA1 (26 bytes; 0xA1 is dig_H1 on a BME280). */
  static final int TP_LENGTH = 26;

  /** Bytes 0xE1..0xE7. */
  static final int H_LENGTH = 7;

  /** Temperature and pressure only (BMP280, or a test vector). */
  public static Bme280Calibration ofTemperaturePressure(
      int t1,
      int t2,
      int t3,
      int p1,
      int p2,
      int p3,
      int p4,
      int p5,
      int p6,
      int p7,
      int p8,
      int p9) {
    return new Bme280Calibration(t1, t2, t3, p1, p2, p3, p4, p5, p6, p7, p8, p9, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Decodes the registers: words are little-endian, T1 and P1 unsigned, the rest signed. H4 and H5
   * share register 0xE5 as 12-bit signed values (BME280 datasheet table 16).
   */
  static Bme280Calibration decode(byte[] tp, byte[] h) {
    if (tp.length < TP_LENGTH) {
      throw new IllegalArgumentException("need " + TP_LENGTH + " calibration bytes");
    }
    int h1 = 0;
    int h2 = 0;
    int h3 = 0;
    int h4 = 0;
    int h5 = 0;
    int h6 = 0;
    if (h != null) {
      if (h.length < H_LENGTH) {
        throw new IllegalArgumentException("need " + H_LENGTH + " humidity calibration bytes");
      }
      h1 = tp[25] & 0xFF;
      h2 = s16(h, 0);
      h3 = h[2] & 0xFF;
      h4 = (h[3] << 4) | (h[4] & 0x0F);
      h5 = (h[5] << 4) | ((h[4] & 0xFF) >> 4);
      h6 = h[6];
    }
    return new Bme280Calibration(
        u16(tp, 0),
        s16(tp, 2),
        s16(tp, 4),
        u16(tp, 6),
        s16(tp, 8),
        s16(tp, 10),
        s16(tp, 12),
        s16(tp, 14),
        s16(tp, 16),
        s16(tp, 18),
        s16(tp, 20),
        s16(tp, 22),
        h1,
        h2,
        h3,
        h4,
        h5,
        h6);
  }

  /** Why these parameters cannot be a real chip's, if they cannot. */
  java.util.Optional<String> implausibility() {
    if (t1 == 0 || p1 == 0) {
      return java.util.Optional.of(
          "calibration data is invalid (dig_T1=" + t1 + ", dig_P1=" + p1 + "): bus fault?");
    }
    return java.util.Optional.empty();
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
  }

  private static int s16(byte[] b, int i) {
    return (short) u16(b, i);
  }
}
