package io.campusedge.drivers.env.scd4x;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Type {@code scd4x} (Sensirion SCD40/SCD41). Parameters: {@code bus} (1), {@code address} (0x62,
 * fixed), {@code autoSelfCalibration} (true), {@code altitude} in m (0-3000) or {@code
 * ambientPressure} in hPa (700-1200), {@code maxDataWait} (15s, at least 10s).
 */
public final class Scd4xFactory implements DriverFactory {
  public static final String TYPE = "scd4x";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    int bus = SpecParams.intInRange(spec, "bus", 1, 0, 99);
    int address = SpecParams.i2cAddress(spec, 0x62, Set.of(0x62));
    boolean asc = SpecParams.bool(spec, "autoSelfCalibration", true);
    boolean hasAltitude = spec.param("altitude").isPresent();
    boolean hasPressure = spec.param("ambientPressure").isPresent();
    if (hasAltitude && hasPressure) {
      throw SpecParams.fail(
          spec,
          "ambientPressure",
          "cannot be combined with 'altitude' (the sensor uses the pressure and ignores altitude)");
    }
    OptionalInt altitude =
        hasAltitude
            ? OptionalInt.of(SpecParams.intInRange(spec, "altitude", 0, 0, 3000))
            : OptionalInt.empty();
    OptionalInt pressure =
        hasPressure
            ? OptionalInt.of(SpecParams.intInRange(spec, "ambientPressure", 1013, 700, 1200))
            : OptionalInt.empty();
    Duration maxDataWait = SpecParams.duration(spec, "maxDataWait", Duration.ofSeconds(15));
    if (maxDataWait.compareTo(Duration.ofSeconds(10)) < 0) {
      throw SpecParams.fail(
          spec, "maxDataWait", "must be at least 10s (the sensor measures every 5 s)");
    }
    return new Scd4xDriver(
        new Scd4xConfig(spec.id(), bus, address, asc, altitude, pressure, maxDataWait),
        Scd4xDriver.Timing.DATASHEET);
  }
}
