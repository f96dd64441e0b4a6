package io.campusedge.drivers.env.bme280;

/**
 * Bosch's integer compensation, rev. 1.1 of the code in the datasheets: BME280 datasheet
 * (BST-BME280-DS002) section 4.2.3 for temperature, 64-bit pressure and humidity, appendix 8.2 for
 * 32-bit pressure; identical to BMP280 datasheet (BST-BMP280-DS001) sections 3.11.3 and 8.2. Java
 * {@code >>} on int/long is the arithmetic shift the reference code relies on. Pure.
 */
public final class Bme280Compensation {
  private Bme280Compensation() {}

  /** Temperature in 0.01 °C and t_fine, the fine temperature pressure and humidity need. */
  public record Temperature(int centiCelsius, int tFine) {
    public double celsius() {
      return centiCelsius / 100.0;
    }
  }

  /** Datasheet 4.2.3 "BME280_compensate_T_int32". */
  public static Temperature temperature(Bme280Calibration c, int adcT) {
    int var1 = (((adcT >> 3) - (c.t1() << 1)) * c.t2()) >> 11;
    int dt = (adcT >> 4) - c.t1();
    int var2 = (((dt * dt) >> 12) * c.t3()) >> 14;
    int tFine = var1 + var2;
    return new Temperature((tFine * 5 + 128) >> 8, tFine);
  }

  /**
   * Datasheet 4.2.3 "BME280_compensate_P_int64": pressure in Pa as unsigned Q24.8 (divide by 256).
   * Returns 0 where the datasheet does (dig_P1 = 0 would divide by zero).
   */
  public static long pressureQ24p8(Bme280Calibration c, int tFine, int adcP) {
    long var1 = (long) tFine - 128000;
    long var2 = var1 * var1 * c.p6();
    var2 = var2 + ((var1 * c.p5()) << 17);
    var2 = var2 + (((long) c.p4()) << 35);
    var1 = ((var1 * var1 * c.p3()) >> 8) + ((var1 * c.p2()) << 12);
    var1 = ((1L << 47) + var1) * c.p1() >> 33;
    if (var1 == 0) {
      return 0;
    }
    long p = 1048576 - adcP;
    p = (((p << 31) - var2) * 3125) / var1;
    var1 = (((long) c.p9()) * (p >> 13) * (p >> 13)) >> 25;
    var2 = (((long) c.p8()) * p) >> 19;
    p = ((p + var1 + var2) >> 8) + (((long) c.p7()) << 4);
    return p & 0xFFFFFFFFL;
  }

  /**
   * Appendix 8.2 "BME280_compensate_P_int32": pressure in whole Pa for 32-bit-only platforms. The
   * unsigned 32-bit steps of the reference are done in long and masked.
   */
  public static long pressure32(Bme280Calibration c, int tFine, int adcP) {
    int var1 = (tFine >> 1) - 64000;
    int var2 = (((var1 >> 2) * (var1 >> 2)) >> 11) * c.p6();
    var2 = var2 + ((var1 * c.p5()) << 1);
    var2 = (var2 >> 2) + (c.p4() << 16);
    var1 = (((c.p3() * (((var1 >> 2) * (var1 >> 2)) >> 13)) >> 3) + ((c.p2() * var1) >> 1)) >> 18;
    var1 = ((32768 + var1) * c.p1()) >> 15;
    if (var1 == 0) {
      return 0;
    }
    long divisor = var1 & 0xFFFFFFFFL;
    long p = (((1048576 - adcP) - (var2 >> 12)) & 0xFFFFFFFFL) * 3125 & 0xFFFFFFFFL;
    if (p < 0x80000000L) {
      p = ((p << 1) & 0xFFFFFFFFL) / divisor;
    } else {
      p = (p / divisor) * 2;
    }
    int p3 = (int) (((p >> 3) * (p >> 3) & 0xFFFFFFFFL) >> 13);
    var1 = (c.p9() * p3) >> 12;
    var2 = (((int) (p >> 2)) * c.p8()) >> 13;
    return ((int) p + ((var1 + var2 + c.p7()) >> 4)) & 0xFFFFFFFFL;
  }

  /** Datasheet 4.2.3 "bme280_compensate_H_int32": relative humidity in %RH as Q22.10. */
  public static int humidityQ22p10(Bme280Calibration c, int tFine, int adcH) {
    int v = tFine - 76800;
    int scaled = (((adcH << 14) - (c.h4() << 20) - (c.h5() * v)) + 16384) >> 15;
    int gain =
        (((((((v * c.h6()) >> 10) * (((v * c.h3()) >> 11) + 32768)) >> 10) + 2097152) * c.h2()
                + 8192)
            >> 14);
    v = scaled * gain;
    v = v - (((((v >> 15) * (v >> 15)) >> 7) * c.h1()) >> 4);
    v = Math.max(0, Math.min(v, 419430400));
    return v >> 12;
  }
}
