package io.campusedge.drivers.env.bme280;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import java.time.Duration;
import java.util.Set;

/**
 * Type {@code bme280} (also reads a BMP280, told apart by chip id). Parameters: {@code bus} (1),
 * {@code address} (0x76 or 0x77; 0x76), {@code oversampling} (1, 2, 4, 8, 16; 1), {@code
 * measurementTimeout} (100ms).
 */
public final class Bme280Factory implements DriverFactory {
  public static final String TYPE = "bme280";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    int bus = SpecParams.intInRange(spec, "bus", 1, 0, 99);
    int address = SpecParams.i2cAddress(spec, 0x76, Set.of(0x76, 0x77));
    int oversampling = SpecParams.intInRange(spec, "oversampling", 1, 1, 16);
    if (Integer.bitCount(oversampling) != 1) {
      throw SpecParams.fail(spec, "oversampling", "must be 1, 2, 4, 8 or 16");
    }
    Duration timeout = SpecParams.duration(spec, "measurementTimeout", Duration.ofMillis(100));
    double needed = Bme280Registers.maxMeasurementMillis(oversampling, true);
    if (timeout.toMillis() < needed) {
      throw SpecParams.fail(
          spec,
          "measurementTimeout",
          "must be at least " + Math.ceil(needed) + "ms at oversampling " + oversampling);
    }
    return new Bme280Driver(new Bme280Config(spec.id(), bus, address, oversampling, timeout));
  }
}
