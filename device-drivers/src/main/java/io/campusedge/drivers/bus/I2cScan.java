package io.campusedge.drivers.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lists the devices that answer on one I2C bus, as {@code i2cdetect} would, and names the likely
 * device per address. Where a chip can be asked who it is without changing its state, it is: the
 * Bosch chip id register at 0x76/0x77, the SCD4x data-ready command with its CRC at 0x62. Addresses
 * 0x08..0x77 (0x00-0x07 and 0x78-0x7F are reserved by the I2C specification).
 */
public final class I2cScan {
  public static final int FIRST = 0x08;
  public static final int LAST = 0x77;

  private static final Map<Integer, String> KNOWN =
      Map.ofEntries(
          Map.entry(0x23, "BH1750 light sensor (ADDR low)"),
          Map.entry(0x5C, "BH1750 light sensor (ADDR high)"),
          Map.entry(0x62, "SCD40/SCD41 CO2 sensor"),
          Map.entry(0x76, "BME280/BMP280 (SDO low)"),
          Map.entry(0x77, "BME280/BMP280 (SDO high)"),
          Map.entry(0x68, "real-time clock (DS3231/DS1307) or IMU"),
          Map.entry(0x3C, "SSD1306 OLED display"),
          Map.entry(0x48, "ADS1115 ADC"),
          Map.entry(0x44, "SHT3x/SHT4x humidity sensor"),
          Map.entry(0x40, "HTU21D/Si7021 humidity sensor or PCA9685"),
          Map.entry(0x29, "VL53L0X distance or TSL2591 light sensor"),
          Map.entry(0x5A, "CCS811 air quality sensor"),
          Map.entry(0x58, "SGP30 air quality sensor"));

  private I2cScan() {}

  /**
   * One address that answered. {@code confirmed} says the chip identified itself, {@code detail}
   * says how (or why the guess is only a guess).
   */
  public record Found(int address, String likelyDevice, boolean confirmed, String detail) {
    public String hexAddress() {
      return String.format("0x%02x", address);
    }
  }

  /**
   * Probes every address on {@code bus}. Fails only when the bus itself cannot be opened; an
   * address that does not answer is simply absent from the result.
   */
  public static List<Found> scan(Buses buses, int bus) throws BusException {
    List<Found> found = new ArrayList<>();
    for (int address = FIRST; address <= LAST; address++) {
      I2cDevice device = buses.i2c(bus, address);
      try {
        identify(device, address).ifPresent(found::add);
      } finally {
        device.close();
      }
    }
    return found;
  }

  private static Optional<Found> identify(I2cDevice device, int address) {
    return switch (address) {
      case 0x76, 0x77 -> boschChip(device, address);
      case 0x62 -> scd4x(device, address);
      default -> plainProbe(device, address);
    };
  }

  /** Reads one byte, as {@code i2cdetect -r} does: harmless for the sensors we use. */
  private static Optional<Found> plainProbe(I2cDevice device, int address) {
    try {
      device.read(1);
    } catch (BusException nack) {
      return Optional.empty();
    }
    String guess = KNOWN.getOrDefault(address, "unknown device");
    return Optional.of(new Found(address, guess, false, "answers; guessed from the address"));
  }

  private static Optional<Found> boschChip(I2cDevice device, int address) {
    byte[] id;
    try {
      id = device.readRegister(0xD0, 1);
    } catch (BusException nack) {
      return Optional.empty();
    }
    int chipId = id.length == 1 ? id[0] & 0xFF : -1;
    String name =
        switch (chipId) {
          case 0x60 -> "BME280";
          case 0x58 -> "BMP280";
          case 0x61 -> "BME680/BME688";
          default -> null;
        };
    if (name != null) {
      return Optional.of(
          new Found(address, name, true, String.format("chip id 0x%02x at register 0xD0", chipId)));
    }
    return Optional.of(
        new Found(
            address,
            KNOWN.get(address),
            false,
            chipId < 0
                ? "answers, but register 0xD0 could not be read"
                : String.format("answers, but chip id 0x%02x is not a Bosch sensor's", chipId)));
  }

  private static Optional<Found> scd4x(I2cDevice device, int address) {
    try {
      device.write(new byte[] {(byte) 0xE4, (byte) 0xB8});
      sleepMillis(1);
      byte[] answer = device.read(3);
      if (answer.length == 3 && crc8(answer[0], answer[1]) == (answer[2] & 0xFF)) {
        return Optional.of(
            new Found(
                address, "SCD40/SCD41", true, "answers get_data_ready_status with valid CRC"));
      }
      return Optional.of(
          new Found(address, KNOWN.get(address), false, "answers, but not with an SCD4x reply"));
    } catch (BusException nack) {
      return Optional.empty();
    }
  }

  /** Sensirion CRC-8 (poly 0x31, init 0xFF); repeated here so the bus package needs no driver. */
  private static int crc8(byte high, byte low) {
    int crc = 0xFF;
    for (byte b : new byte[] {high, low}) {
      crc ^= b & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
      }
    }
    return crc;
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
