package io.campusedge.drivers.env.bme280;

import java.time.Duration;

/**
 * One BME280/BMP280: I2C {@code bus} and {@code address} (0x76 with SDO to GND, 0x77 with SDO to
 * VDDIO), the oversampling used for every channel, and how long a forced measurement may take
 * before it counts as stuck.
 */
record Bme280Config(
    String deviceId, int bus, int address, int oversampling, Duration measurementTimeout) {}
