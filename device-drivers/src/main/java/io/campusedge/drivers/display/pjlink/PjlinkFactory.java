package io.campusedge.drivers.display.pjlink;

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
 * Type {@code pjlink}: a projector or flat panel speaking PJLink over TCP. Parameters: {@code host}
 * (required), {@code port} (4352), {@code password} (absent: PJLink security off), {@code timeout}
 * (3s, connect and each reply), {@code connection} ({@code persistent} or {@code per-command};
 * persistent), {@code pjlinkClass} ({@code auto}, 1 or 2; auto asks CLSS), {@code notifyPort} (0 =
 * off; 4352 to receive class 2 status notifications), {@code zone} (Asia/Ho_Chi_Minh; the school
 * day for usage totals).
 */
public final class PjlinkFactory implements DriverFactory {
  public static final String TYPE = "pjlink";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    return new PjlinkDriver(config(spec));
  }

  static PjlinkConfig config(DeviceSpec spec) throws DriverConfigException {
    String host = spec.param("host").map(Object::toString).map(String::trim).orElse("");
    if (host.isEmpty()) {
      throw SpecParams.fail(spec, "host", "is required (the projector's IP address or name)");
    }
    int port = SpecParams.intInRange(spec, "port", PjlinkCodec.DEFAULT_PORT, 1, 65535);
    Optional<String> password = spec.param("password").map(Object::toString);
    if (password.isPresent() && (password.get().isEmpty() || password.get().length() > 32)) {
      throw SpecParams.fail(spec, "password", "must be 1 to 32 characters (PJLink limit)");
    }
    if (password.isPresent() && !password.get().chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw SpecParams.fail(spec, "password", "must be printable ASCII without spaces");
    }
    Duration timeout = SpecParams.duration(spec, "timeout", Duration.ofSeconds(3));
    if (timeout.toMillis() < 50 || timeout.toSeconds() > 30) {
      throw SpecParams.fail(spec, "timeout", "must be between 50ms and 30s, got " + timeout);
    }
    String connection =
        SpecParams.choice(spec, "connection", "persistent", Set.of("persistent", "per-command"));
    String cls = SpecParams.choice(spec, "pjlinkClass", "auto", Set.of("auto", "1", "2"));
    int notifyPort = SpecParams.intInRange(spec, "notifyPort", 0, 0, 65535);
    ZoneId zone = zone(spec);
    return new PjlinkConfig(
        spec.id(),
        host,
        port,
        password,
        timeout,
        connection.equals("persistent"),
        cls.equals("auto") ? 0 : Integer.parseInt(cls),
        notifyPort,
        zone,
        spec.pollInterval() == null ? Duration.ofSeconds(30) : spec.pollInterval());
  }

  static ZoneId zone(DeviceSpec spec) throws DriverConfigException {
    String text = spec.param("zone").map(Object::toString).orElse("Asia/Ho_Chi_Minh");
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw SpecParams.fail(
          spec, "zone", "must be a time zone like Asia/Ho_Chi_Minh, got '" + text + "'");
    }
  }
}
