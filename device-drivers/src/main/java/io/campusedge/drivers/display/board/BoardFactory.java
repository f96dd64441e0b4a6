package io.campusedge.drivers.display.board;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * Type {@code display-board}: an interactive flat panel or board driven by a command profile.
 * Parameters: {@code profile} (required: {@code smart-mx}, {@code samsung-mdc}, or a path to a
 * {@code .properties} file); either {@code host} and {@code port} (the profile's TCP port when it
 * has one) or {@code serialPort} ({@code /dev/ttyUSB0}) with optional {@code baud}, {@code
 * dataBits}, {@code parity}, {@code stopBits} overriding the profile; {@code displayId} (0–255; 1),
 * {@code timeout} (1s), {@code zone} (Asia/Ho_Chi_Minh).
 */
public final class BoardFactory implements DriverFactory {
  public static final String TYPE = "display-board";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    String profileName = spec.param("profile").map(Object::toString).map(String::trim).orElse("");
    if (profileName.isEmpty()) {
      throw SpecParams.fail(
          spec, "profile", "is required (smart-mx, samsung-mdc or a .properties file)");
    }
    BoardProfile profile;
    try {
      profile = BoardProfile.load(profileName);
    } catch (ProfileException e) {
      throw SpecParams.fail(spec, "profile", "cannot be used: " + e.getMessage());
    }
    Duration timeout = SpecParams.duration(spec, "timeout", Duration.ofSeconds(1));
    if (timeout.toMillis() < 20 || timeout.toSeconds() > 30) {
      throw SpecParams.fail(spec, "timeout", "must be between 20ms and 30s, got " + timeout);
    }
    int displayId = SpecParams.intInRange(spec, "displayId", 1, 0, 255);
    BoardLink link = link(spec, profile, timeout);
    BoardConfig config =
        new BoardConfig(
            spec.id(),
            profile,
            link.where(),
            displayId,
            timeout,
            zone(spec),
            spec.pollInterval() == null ? Duration.ofSeconds(30) : spec.pollInterval());
    return new BoardDriver(config, link);
  }

  private static BoardLink link(DeviceSpec spec, BoardProfile profile, Duration timeout)
      throws DriverConfigException {
    Optional<String> host = spec.param("host").map(Object::toString).map(String::trim);
    Optional<String> serial = spec.param("serialPort").map(Object::toString).map(String::trim);
    if (host.isPresent() == serial.isPresent()) {
      throw SpecParams.fail(
          spec, "host", "or serialPort: give exactly one (TCP address or RS-232 device)");
    }
    if (host.isPresent()) {
      int fallback = profile.tcpPort().orElse(0);
      int port = SpecParams.intInRange(spec, "port", fallback, 0, 65535);
      if (port == 0) {
        throw SpecParams.fail(
            spec, "port", "is required: profile " + profile.name() + " names no TCP port");
      }
      return new TcpBoardLink(host.get(), port, timeout);
    }
    BoardProfile.SerialDefaults d = profile.serial();
    BoardProfile.SerialDefaults line =
        new BoardProfile.SerialDefaults(
            SpecParams.intInRange(spec, "baud", d.baud(), 300, 921_600),
            SpecParams.intInRange(spec, "dataBits", d.dataBits(), 5, 8),
            SpecParams.choice(spec, "parity", d.parity(), Set.of("none", "even", "odd")),
            SpecParams.intInRange(spec, "stopBits", d.stopBits(), 1, 2));
    return new SerialBoardLink(serial.get(), line, timeout);
  }

  private static ZoneId zone(DeviceSpec spec) throws DriverConfigException {
    String text = spec.param("zone").map(Object::toString).orElse("Asia/Ho_Chi_Minh");
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw SpecParams.fail(
          spec, "zone", "must be a time zone like Asia/Ho_Chi_Minh, got '" + text + "'");
    }
  }
}
