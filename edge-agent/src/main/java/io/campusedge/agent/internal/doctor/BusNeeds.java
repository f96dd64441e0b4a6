package io.campusedge.agent.internal.doctor;

import io.campusedge.agent.api.AgentConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which device files a configured device needs, and the group that opens them on Raspberry Pi OS.
 * Read from the device's bus parameters ({@code bus}, {@code chipSelect}, {@code device}, {@code
 * serialPort}, GPIO pins), with the bus kind of the built-in device types; a type not listed here
 * and without such parameters needs no device file (network devices).
 */
final class BusNeeds {
  /** One device file, e.g. {@code /dev/i2c-1} opened through group {@code i2c}. */
  record Need(String kind, String path, String group, List<String> devices) {}

  private enum Kind {
    I2C,
    SPI,
    GPIO,
    SERIAL,
    INPUT
  }

  // Bus kind and default bus of the drivers in device-drivers (their factories' defaults).
  private static final Map<String, Kind> KINDS =
      Map.of(
          "bme280", Kind.I2C,
          "scd4x", Kind.I2C,
          "bh1750", Kind.I2C,
          "mfrc522", Kind.SPI,
          "mcp3008-sound", Kind.SPI,
          "pir", Kind.GPIO,
          "wiegand", Kind.GPIO,
          "usb-hid-reader", Kind.INPUT,
          "display-board", Kind.SERIAL);

  private BusNeeds() {}

  static List<Need> of(List<AgentConfig.Device> devices) {
    Map<String, Need> needs = new LinkedHashMap<>();
    for (AgentConfig.Device device : devices) {
      for (Need need : of(device)) {
        needs.merge(
            need.path(),
            need,
            (a, b) -> {
              List<String> ids = new ArrayList<>(a.devices());
              ids.addAll(b.devices());
              return new Need(a.kind(), a.path(), a.group(), ids);
            });
      }
    }
    return List.copyOf(needs.values());
  }

  private static List<Need> of(AgentConfig.Device device) {
    List<Need> needs = new ArrayList<>();
    List<String> id = List.of(device.id());
    Kind kind = KINDS.get(device.type());
    if (kind == Kind.I2C) {
      needs.add(new Need("I2C bus", "/dev/i2c-" + number(device, "bus", 1), "i2c", id));
    } else if (kind == Kind.SPI) {
      String path =
          "/dev/spidev" + number(device, "bus", 0) + "." + number(device, "chipSelect", 0);
      needs.add(new Need("SPI bus", path, "spi", id));
    } else if (kind == Kind.INPUT) {
      text(device, "device")
          .ifPresent(p -> needs.add(new Need("card reader input", p, "input", id)));
    }
    text(device, "serialPort")
        .filter(p -> p.startsWith("/"))
        .ifPresent(p -> needs.add(new Need("serial port", p, "dialout", id)));
    boolean gpio =
        kind == Kind.GPIO
            || device.params().keySet().stream()
                .anyMatch(k -> k.equals("pin") || k.endsWith("Pin"));
    if (gpio) {
      // Pi4J opens the header's GPIO through the gpiochip character device.
      needs.add(new Need("GPIO", "/dev/gpiochip0", "gpio", id));
    }
    return needs;
  }

  private static long number(AgentConfig.Device device, String name, long fallback) {
    Object value = device.params().get(name);
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return value == null ? fallback : Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Optional<String> text(AgentConfig.Device device, String name) {
    return Optional.ofNullable(device.params().get(name))
        .map(Object::toString)
        .map(String::trim)
        .filter(s -> !s.isEmpty());
  }
}
