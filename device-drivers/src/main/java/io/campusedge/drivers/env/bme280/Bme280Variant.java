package io.campusedge.drivers.env.bme280;

import java.util.Optional;

/** The chips this driver reads, told apart by the chip id register 0xD0. */
enum Bme280Variant {
  /** BME280 datasheet section 5.4.1: chip id 0x60. */
  BME280(0x60, true),
  /** BMP280 datasheet section 4.3.1: chip id 0x58 (no humidity). */
  BMP280(0x58, false);

  final int chipId;
  final boolean humidity;

  Bme280Variant(int chipId, boolean humidity) {
    this.chipId = chipId;
    this.humidity = humidity;
  }

  static Optional<Bme280Variant> byChipId(int id) {
    for (Bme280Variant v : values()) {
      if (v.chipId == id) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
