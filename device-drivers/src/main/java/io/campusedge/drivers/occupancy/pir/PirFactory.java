package io.campusedge.drivers.occupancy.pir;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import io.campusedge.drivers.bus.Pull;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Type {@code pir}. Parameters: {@code pin} (BCM number, required), {@code pull} ({@code down},
 * {@code up}, {@code none}; down), {@code activeLow} (false), {@code debounce} (50ms), {@code hold}
 * (5m).
 */
public final class PirFactory implements DriverFactory {
  public static final String TYPE = "pir";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    if (spec.param("pin").isEmpty()) {
      throw SpecParams.fail(spec, "pin", "is required (BCM GPIO number, e.g. 17)");
    }
    int pin = SpecParams.intInRange(spec, "pin", 17, 0, 27);
    String pull = SpecParams.choice(spec, "pull", "down", Set.of("down", "up", "none"));
    boolean activeLow = SpecParams.bool(spec, "activeLow", false);
    Duration debounce = SpecParams.duration(spec, "debounce", Duration.ofMillis(50));
    Duration hold = SpecParams.duration(spec, "hold", Duration.ofMinutes(5));
    if (debounce.isNegative() || debounce.compareTo(Duration.ofSeconds(2)) > 0) {
      throw SpecParams.fail(spec, "debounce", "must be between 0 and 2s, got " + debounce);
    }
    if (hold.isNegative() || hold.compareTo(Duration.ofHours(2)) > 0) {
      throw SpecParams.fail(spec, "hold", "must be between 0 and 2h, got " + hold);
    }
    return new PirDriver(
        new PirConfig(
            spec.id(), pin, Pull.valueOf(pull.toUpperCase(Locale.ROOT)), activeLow, debounce, hold),
        System::nanoTime);
  }
}
