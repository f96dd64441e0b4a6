package io.campusedge.drivers.env.scd4x;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * One SCD40/SCD41 at 0x62 on I2C {@code bus}. {@code altitudeMetres} or {@code ambientPressureHpa}
 * (never both) compensate the CO2 reading for air density (datasheet 3.6); {@code maxDataWait} is
 * how long the data-ready flag may stay clear (normally set every 5 s) before the driver reports
 * BAD and sets the sensor up again.
 */
record Scd4xConfig(
    String deviceId,
    int bus,
    int address,
    boolean autoSelfCalibration,
    OptionalInt altitudeMetres,
    OptionalInt ambientPressureHpa,
    Duration maxDataWait) {}
