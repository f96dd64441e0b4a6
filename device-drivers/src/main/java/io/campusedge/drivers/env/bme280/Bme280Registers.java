package io.campusedge.drivers.env.bme280;

/**
 * Register map and bit fields (BME280 datasheet section 5.3-5.4; BMP280 datasheet section 4.3).
 * Pure: builds control bytes and splits the burst-read data block.
 */
final class Bme280Registers {
  static final int CALIB_TP = 0x88;
  static final int CHIP_ID = 0xD0;
  static final int RESET = 0xE0;
  static final int CALIB_H = 0xE1;
  static final int CTRL_HUM = 0xF2;
  static final int STATUS = 0xF3;
  static final int CTRL_MEAS = 0xF4;
  static final int CONFIG = 0xF5;
  static final int DATA = 0xF7;

  /** Writing this to RESET does a power-on reset (datasheet 5.4.2). */
  static final int RESET_WORD = 0xB6;

  /** status bit 3: a conversion is running (datasheet 5.4.4). */
  static final int STATUS_MEASURING = 0x08;

  /** status bit 0: NVM is being copied to the image registers after reset. */
  static final int STATUS_IM_UPDATE = 0x01;

  /** An ADC value the chip reports for a skipped measurement (datasheet 5.4.7-5.4.9). */
  static final int SKIPPED_20BIT = 0x80000;

  static final int SKIPPED_16BIT = 0x8000;

  static final int MODE_FORCED = 0b01;

  private Bme280Registers() {}

  /** osrs_x field value for an oversampling factor 1, 2, 4, 8 or 16 (datasheet table 20-24). */
  static int osrs(int oversampling) {
    return switch (oversampling) {
      case 1 -> 0b001;
      case 2 -> 0b010;
      case 4 -> 0b011;
      case 8 -> 0b100;
      case 16 -> 0b101;
      default -> throw new IllegalArgumentException("oversampling " + oversampling);
    };
  }

  /** ctrl_meas: osrs_t[7:5], osrs_p[4:2], mode[1:0]. */
  static int ctrlMeas(int oversampling, int mode) {
    int o = osrs(oversampling);
    return (o << 5) | (o << 2) | mode;
  }

  /** ctrl_hum: osrs_h[2:0]; takes effect only after a write to ctrl_meas (datasheet 5.4.3). */
  static int ctrlHum(int oversampling) {
    return osrs(oversampling);
  }

  /**
   * Longest conversion time in ms of one forced measurement (BME280 datasheet appendix 9.1: 1.25 +
   * 2.3 T + (2.3 P + 0.575) + (2.3 H + 0.575)).
   */
  static double maxMeasurementMillis(int oversampling, boolean humidity) {
    double t = 1.25 + 2.3 * oversampling + 2.3 * oversampling + 0.575;
    return humidity ? t + 2.3 * oversampling + 0.575 : t;
  }

  /** Raw ADC values from the data block 0xF7.. (8 bytes on a BME280, 6 on a BMP280). */
  record Raw(int adcP, int adcT, int adcH) {}

  static Raw splitData(byte[] d, boolean humidity) {
    int adcP = ((d[0] & 0xFF) << 12) | ((d[1] & 0xFF) << 4) | ((d[2] & 0xFF) >> 4);
    int adcT = ((d[3] & 0xFF) << 12) | ((d[4] & 0xFF) << 4) | ((d[5] & 0xFF) >> 4);
    int adcH = humidity ? ((d[6] & 0xFF) << 8) | (d[7] & 0xFF) : SKIPPED_16BIT;
    return new Raw(adcP, adcT, adcH);
  }
}
