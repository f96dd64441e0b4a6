package io.campusedge.drivers.env.bme280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Bme280CompensationTest {
  // BMP280 datasheet (BST-BMP280-DS001) section 3.12, "Calculating pressure and temperature",
  // worked example: trimming values, adc_T and adc_P.
  private static final Bme280Calibration DATASHEET =
      Bme280Calibration.ofTemperaturePressure(
          27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000);
  private static final int ADC_T = 519888;
  private static final int ADC_P = 415148;

  @Test
  void temperatureMatchesDatasheetExample() {
    Bme280Compensation.Temperature t = Bme280Compensation.temperature(DATASHEET, ADC_T);
    assertThat(t.tFine()).isEqualTo(128422);
    assertThat(t.centiCelsius()).isEqualTo(2508);
    assertThat(t.celsius()).isEqualTo(25.08);
  }

  @Test
  void pressure64BitMatchesDatasheetExample() {
    long q24p8 = Bme280Compensation.pressureQ24p8(DATASHEET, 128422, ADC_P);
    // The example prints 25767236 (100653.27 Pa); running the published 64-bit code gives
    // 25767233, 0.012 Pa lower. We pin what the code computes and check it against the figure.
    assertThat(q24p8).isEqualTo(25767233L);
    assertThat(q24p8 / 256.0).isCloseTo(100653.27, within(0.02));
  }

  @Test
  void pressure32BitIsWithinTheDatasheetsStatedAccuracy() {
    long pascal = Bme280Compensation.pressure32(DATASHEET, 128422, ADC_P);
    // Appendix 8.2 says the 32-bit variant is accurate to about 1 Pa (1 sigma); on this vector
    // the published code yields 100656 against the 100653 Pa of the example.
    assertThat(pascal).isEqualTo(100656L);
    assertThat((double) pascal).isCloseTo(100653.27, within(3.0));
  }

  @Test
  void pressureIsZeroWhereTheDatasheetAvoidsDivisionByZero() {
    Bme280Calibration noP1 =
        Bme280Calibration.ofTemperaturePressure(
            27504, 26435, -1000, 0, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000);
    assertThat(Bme280Compensation.pressureQ24p8(noP1, 128422, ADC_P)).isZero();
    assertThat(Bme280Compensation.pressure32(noP1, 128422, ADC_P)).isZero();
  }

  // Humidity has no worked example in the datasheet. The golden value below comes from running
  // the section 4.2.3 integer code in an independent arbitrary-precision implementation (Python,
  // same shift semantics) with calibration values typical of a BME280 NVM, and it agrees with
  // the double-precision formula of appendix 8.1 to 0.004 %RH.
  private static final Bme280Calibration WITH_HUMIDITY =
      new Bme280Calibration(
          27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0,
          313, 50, 30);

  @Test
  void humidityMatchesIndependentlyComputedVector() {
    assertThat(Bme280Compensation.humidityQ22p10(WITH_HUMIDITY, 128422, 30000)).isEqualTo(56317);
    assertThat(Bme280Compensation.humidityQ22p10(WITH_HUMIDITY, 128422, 27000)).isEqualTo(39190);
    assertThat(Bme280Compensation.humidityQ22p10(WITH_HUMIDITY, 128422, 32768)).isEqualTo(72045);
  }

  @Test
  void humidityIsClampedToZeroAndHundred() {
    assertThat(Bme280Compensation.humidityQ22p10(WITH_HUMIDITY, 128422, 0)).isZero();
    assertThat(Bme280Compensation.humidityQ22p10(WITH_HUMIDITY, 128422, 65535))
        .isEqualTo(100 * 1024);
  }

  @Test
  void integerHumidityAgreesWithDoublePrecisionFormulaOfAppendix81() {
    Random random = new Random(4);
    for (int i = 0; i < 2000; i++) {
      Bme280Calibration c =
          new Bme280Calibration(
              27504,
              26435,
              -1000,
              36477,
              -10685,
              3024,
              2855,
              140,
              -7,
              15500,
              -14600,
              6000,
              60 + random.nextInt(40),
              330 + random.nextInt(60),
              random.nextInt(20),
              280 + random.nextInt(80),
              30 + random.nextInt(40),
              20 + random.nextInt(20));
      int tFine = 60000 + random.nextInt(120000);
      int adcH = 20000 + random.nextInt(20000);
      double expected = humidityDouble(c, tFine, adcH);
      if (expected <= 0.5 || expected >= 99.5) {
        continue;
      }
      assertThat(Bme280Compensation.humidityQ22p10(c, tFine, adcH) / 1024.0)
          .as("H1..H6 %s, t_fine %d, adc_H %d", c, tFine, adcH)
          .isCloseTo(expected, within(0.05));
    }
  }

  @Test
  void calibrationRegistersDecodeLittleEndianAndSharedNibbles() {
    byte[] tp = new byte[26];
    put(tp, 0, 27504);
    put(tp, 2, 26435);
    put(tp, 4, -1000);
    put(tp, 6, 36477);
    put(tp, 8, -10685);
    put(tp, 10, 3024);
    put(tp, 12, 2855);
    put(tp, 14, 140);
    put(tp, 16, -7);
    put(tp, 18, 15500);
    put(tp, 20, -14600);
    put(tp, 22, 6000);
    tp[25] = 75;
    // H2=362, H3=0, H4=313 (0x139: E4=0x13, E5 low nibble 9), H5=50 (0x032: E6=0x03, E5 high 2),
    // H6=30.
    byte[] h = {0x6A, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1E};
    assertThat(Bme280Calibration.decode(tp, h)).isEqualTo(WITH_HUMIDITY);
  }

  @Test
  void negativeH4AndH5KeepTheirSign() {
    byte[] tp = new byte[26];
    // H4 = -3 = 0xFFD: E4 = 0xFF, E5 low nibble 0xD; H5 = -2 = 0xFFE: E6 = 0xFF, E5 high 0xE.
    byte[] h = {0, 0, 0, (byte) 0xFF, (byte) 0xED, (byte) 0xFF, (byte) 0xF6};
    Bme280Calibration c = Bme280Calibration.decode(tp, h);
    assertThat(c.h4()).isEqualTo(-3);
    assertThat(c.h5()).isEqualTo(-2);
    assertThat(c.h6()).isEqualTo(-10);
  }

  @Test
  void dataBlockSplitsInto20And16BitValues() {
    // adc_P 415148 = 0x655AC, adc_T 519888 = 0x7EED0, adc_H 0x7530.
    byte[] d = {0x65, 0x5A, (byte) 0xC0, 0x7E, (byte) 0xED, 0x00, 0x75, 0x30};
    assertThat(Bme280Registers.splitData(d, true))
        .isEqualTo(new Bme280Registers.Raw(ADC_P, ADC_T, 30000));
  }

  @Test
  void controlBytesFollowTheRegisterLayout() {
    assertThat(Bme280Registers.ctrlMeas(1, Bme280Registers.MODE_FORCED)).isEqualTo(0b001_001_01);
    assertThat(Bme280Registers.ctrlMeas(16, Bme280Registers.MODE_FORCED)).isEqualTo(0b101_101_01);
    assertThat(Bme280Registers.ctrlHum(4)).isEqualTo(0b011);
  }

  private static void put(byte[] b, int i, int value) {
    b[i] = (byte) value;
    b[i + 1] = (byte) (value >> 8);
  }

  /** BME280 datasheet appendix 8.1, bme280_compensate_H_double, as the reference oracle. */
  private static double humidityDouble(Bme280Calibration c, int tFine, int adcH) {
    double h = tFine - 76800.0;
    h =
        (adcH - (c.h4() * 64.0 + c.h5() / 16384.0 * h))
            * (c.h2()
                / 65536.0
                * (1.0 + c.h6() / 67108864.0 * h * (1.0 + c.h3() / 67108864.0 * h)));
    h = h * (1.0 - c.h1() * h / 524288.0);
    return Math.max(0, Math.min(100, h));
  }
}
