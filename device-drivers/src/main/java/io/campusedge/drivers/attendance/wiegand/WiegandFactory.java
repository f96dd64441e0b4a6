package io.campusedge.drivers.attendance.wiegand;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.attendance.TapSettings;
import java.time.Duration;

/**
 * Type {@code wiegand}: a Wiegand 26 or 34 bit reader on two GPIO inputs. Parameters: {@code
 * d0Pin}, {@code d1Pin} (BCM numbers, required), {@code bits} (26 or 34, default 26), {@code
 * frameGapMs} (quiet time that ends a frame, default 25), plus {@link TapSettings}: {@code
 * repeatWindow}, {@code feedbackPin}, {@code feedbackMs}.
 */
public final class WiegandFactory implements DriverFactory {
  public static final String TYPE = "wiegand";

  record Config(int d0Pin, int d1Pin, WiegandFormat format, Duration frameGap, TapSettings tap) {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean needsSiteKey() {
    return true;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    int d0 = TapSettings.bcmPin(spec, "d0Pin");
    int d1 = TapSettings.bcmPin(spec, "d1Pin");
    if (d0 == d1) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': d0Pin and d1Pin must be different GPIOs");
    }
    long bits = spec.longParam("bits", 26);
    if (bits != 26 && bits != 34) {
      throw new DriverConfigException(
          "device '"
              + spec.id()
              + "': bits must be 26 or 34 (the reader's Wiegand output), got "
              + bits);
    }
    long gapMs = spec.longParam("frameGapMs", 25);
    if (gapMs < 5 || gapMs > 500) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': frameGapMs must be 5-500, got " + gapMs);
    }
    TapSettings tap = TapSettings.from(spec);
    if (tap.feedbackPin().isPresent()
        && (tap.feedbackPin().getAsInt() == d0 || tap.feedbackPin().getAsInt() == d1)) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': feedbackPin must not be d0Pin or d1Pin");
    }
    return new WiegandDriver(
        spec.id(),
        new Config(d0, d1, WiegandFormat.ofBits((int) bits), Duration.ofMillis(gapMs), tap));
  }
}
