package io.campusedge.drivers.attendance.evdev;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.attendance.TapSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Type {@code usb-hid-reader}: a USB "keyboard wedge" card reader that types the UID and Enter.
 * Parameters: {@code device} (required, e.g. /dev/input/by-id/usb-…-event-kbd, stable across
 * replugging), {@code uidFormat} (decimal or hex, default decimal), {@code eventSize} (16 or 24
 * bytes per input_event; default from the JVM's os.arch), plus {@link TapSettings}: {@code
 * repeatWindow}, {@code feedbackPin}, {@code feedbackMs}.
 */
public final class EvdevFactory implements DriverFactory {
  public static final String TYPE = "usb-hid-reader";

  record Config(Path device, int eventSize, UidText uidText, TapSettings tap) {}

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
    String device = spec.param("device").map(Object::toString).orElse("").trim();
    if (device.isEmpty()) {
      throw new DriverConfigException(
          "device '"
              + spec.id()
              + "': parameter 'device' is required, e.g."
              + " /dev/input/by-id/usb-<reader>-event-kbd (ls /dev/input/by-id/)");
    }
    Path path;
    try {
      path = Path.of(device);
    } catch (InvalidPathException e) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': device '" + device + "' is not a valid path");
    }
    long eventSize =
        spec.longParam(
            "eventSize", InputEventLayout.defaultEventSize(System.getProperty("os.arch", "")));
    if (eventSize != 16 && eventSize != 24) {
      throw new DriverConfigException(
          "device '"
              + spec.id()
              + "': eventSize must be 24 (64-bit OS) or 16 (32-bit armhf), got "
              + eventSize);
    }
    UidText uidText;
    try {
      uidText = UidText.of(spec.param("uidFormat").map(Object::toString).orElse("decimal"));
    } catch (IllegalArgumentException e) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': uidFormat must be decimal or hex");
    }
    return new EvdevDriver(
        spec.id(), new Config(path, (int) eventSize, uidText, TapSettings.from(spec)));
  }
}
