package io.campusedge.drivers.attendance.mfrc522;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.attendance.TapSettings;

/**
 * Type {@code mfrc522}: an NXP MFRC522 13.56 MHz reader (ISO/IEC 14443 Type A cards: MIFARE
 * Classic, Ultralight, DESFire, student cards) on SPI. Parameters: {@code bus} (0), {@code
 * chipSelect} (0 = CE0), {@code speedHz} (1000000; the chip allows up to 10 MHz), plus {@link
 * TapSettings}: {@code repeatWindow}, {@code feedbackPin}, {@code feedbackMs}.
 */
public final class Mfrc522Factory implements DriverFactory {
  public static final String TYPE = "mfrc522";

  record Config(int bus, int chipSelect, int speedHz, TapSettings tap) {}

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
    long bus = spec.longParam("bus", 0);
    long cs = spec.longParam("chipSelect", 0);
    long speed = spec.longParam("speedHz", 1_000_000);
    if (bus < 0 || bus > 6 || cs < 0 || cs > 2) {
      throw new DriverConfigException(
          "device '"
              + spec.id()
              + "': SPI bus must be 0-6 and chipSelect 0-2 (/dev/spidev{bus}.{chipSelect}), got "
              + bus
              + "."
              + cs);
    }
    if (speed < 10_000 || speed > 10_000_000) {
      throw new DriverConfigException(
          "device '"
              + spec.id()
              + "': speedHz must be 10000-10000000 (MFRC522 SPI maximum 10 MHz), got "
              + speed);
    }
    return new Mfrc522Driver(
        spec.id(), new Config((int) bus, (int) cs, (int) speed, TapSettings.from(spec)));
  }
}
