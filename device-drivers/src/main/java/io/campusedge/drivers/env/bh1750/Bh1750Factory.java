package io.campusedge.drivers.env.bh1750;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import java.util.Set;

/**
 * Type {@code bh1750}. Parameters: {@code bus} (1), {@code address} (0x23 or 0x5C; 0x23), {@code
 * mode} ({@code one-time} or {@code continuous}; one-time).
 */
public final class Bh1750Factory implements DriverFactory {
  public static final String TYPE = "bh1750";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    int bus = SpecParams.intInRange(spec, "bus", 1, 0, 99);
    int address = SpecParams.i2cAddress(spec, 0x23, Set.of(0x23, 0x5C));
    String mode = SpecParams.choice(spec, "mode", "one-time", Set.of("one-time", "continuous"));
    return new Bh1750Driver(
        new Bh1750Config(spec.id(), bus, address, mode.equals("continuous")),
        Bh1750Codec.HIGH_RES_MAX_MILLIS);
  }
}
