package io.campusedge.drivers.env.bme280;

import io.campusedge.drivers.api.SensorFault;
import java.util.Optional;

/**
 * Raw ADC values to checked physical values. Rejects what a working sensor cannot produce: a
 * skipped conversion (the chip was reset and lost its settings) and values outside the operating
 * range of the datasheet (section 1: -40..85 °C, 300..1100 hPa, 0..100 %RH). Pure.
 */
final class Bme280Readout {
  static final double MIN_CELSIUS = -40;
  static final double MAX_CELSIUS = 85;
  static final double MIN_PASCAL = 30_000;
  static final double MAX_PASCAL = 110_000;

  private Bme280Readout() {}

  /** One compensated measurement; humidity only from a BME280. */
  record Measurement(double celsius, Optional<Double> humidity, double pascal) {}

  static Measurement compensate(
      String where, boolean humidity, Bme280Calibration c, Bme280Registers.Raw raw)
      throws SensorFault {
    if (raw.adcT() == Bme280Registers.SKIPPED_20BIT
        || raw.adcP() == Bme280Registers.SKIPPED_20BIT) {
      throw new SensorFault(
          where + ": the sensor skipped the measurement (ADC reads 0x80000): reset? set up again",
          true);
    }
    Bme280Compensation.Temperature t = Bme280Compensation.temperature(c, raw.adcT());
    if (t.celsius() < MIN_CELSIUS || t.celsius() > MAX_CELSIUS) {
      throw new SensorFault(
          String.format(
              "%s: temperature %.2f °C is outside the sensor's range -40..85 °C (raw 0x%05x)",
              where, t.celsius(), raw.adcT()),
          false);
    }
    double pascal = Bme280Compensation.pressureQ24p8(c, t.tFine(), raw.adcP()) / 256.0;
    if (pascal < MIN_PASCAL || pascal > MAX_PASCAL) {
      throw new SensorFault(
          String.format(
              "%s: pressure %.0f Pa is outside the sensor's range 30000..110000 Pa (raw 0x%05x)",
              where, pascal, raw.adcP()),
          false);
    }
    Optional<Double> rh = Optional.empty();
    if (humidity) {
      if (raw.adcH() == Bme280Registers.SKIPPED_16BIT) {
        throw new SensorFault(
            where + ": the sensor skipped the humidity measurement (reads 0x8000): reset?", true);
      }
      rh = Optional.of(Bme280Compensation.humidityQ22p10(c, t.tFine(), raw.adcH()) / 1024.0);
    }
    return new Measurement(t.celsius(), rh, pascal);
  }
}
