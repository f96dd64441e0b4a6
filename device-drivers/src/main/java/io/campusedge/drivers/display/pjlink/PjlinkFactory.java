package io.campusedge.drivers.display.pjlink;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import io.campusedge.drivers.api.SpecParams;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * Type {@code pjlink}: a projector or flat panel speaking PJLink over TCP. Parameters: {@code host}
 * (required), {@code port} (4352), {@code password} or {@code passwordFile} (a file holding it, the
 * way to keep it out of the config; neither: PJLink security off), {@code timeout} (3s, connect and
 * each reply), {@code connection} ({@code persistent} or {@code per-command}; persistent), {@code
 * pjlinkClass} ({@code auto}, 1 or 2; auto asks CLSS), {@code notifyPort} (0 = off; 4352 to receive
 * class 2 status notifications), {@code zone} (Asia/Ho_Chi_Minh; the school day for usage totals).
 */
public final class PjlinkFactory implements DriverFactory {
  public static final String TYPE = "pjlink";
  private static final long MAX_PASSWORD_FILE_BYTES = 256;

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
    Optional<String> password = password(spec);
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

  /**
   * The PJLink password from {@code password} or from the first line of {@code passwordFile} (read
   * once here, so a missing file stops start-up). Messages name the parameter and the file, never
   * the password.
   */
  static Optional<String> password(DeviceSpec spec) throws DriverConfigException {
    Optional<String> inline = spec.param("password").map(Object::toString);
    Optional<String> fileName = spec.param("passwordFile").map(Object::toString).map(String::trim);
    if (inline.isPresent() && fileName.isPresent()) {
      throw SpecParams.fail(spec, "passwordFile", "give password or passwordFile, not both");
    }
    String name = "password";
    Optional<String> password = inline;
    if (fileName.isPresent()) {
      name = "passwordFile";
      password = Optional.of(readPasswordFile(spec, fileName.get()));
    }
    String where = fileName.map(f -> " (in " + f + ")").orElse("");
    if (password.isPresent() && (password.get().isEmpty() || password.get().length() > 32)) {
      throw SpecParams.fail(spec, name, "must be 1 to 32 characters (PJLink limit)" + where);
    }
    if (password.isPresent() && !password.get().chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw SpecParams.fail(spec, name, "must be printable ASCII without spaces" + where);
    }
    return password;
  }

  private static String readPasswordFile(DeviceSpec spec, String fileName)
      throws DriverConfigException {
    if (fileName.isEmpty()) {
      throw SpecParams.fail(spec, "passwordFile", "is empty (give the path of the password file)");
    }
    try {
      Path file = Path.of(fileName);
      if (!Files.isRegularFile(file)) {
        throw SpecParams.fail(
            spec,
            "passwordFile",
            "'" + fileName + "' " + (Files.exists(file) ? "is not a file" : "does not exist"));
      }
      if (Files.size(file) > MAX_PASSWORD_FILE_BYTES) {
        throw SpecParams.fail(
            spec,
            "passwordFile",
            "'" + fileName + "' is larger than a PJLink password file can be (32 characters)");
      }
      // One line; the newline an editor adds is not part of the password.
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (InvalidPathException e) {
      throw SpecParams.fail(spec, "passwordFile", "'" + fileName + "' is not a valid path");
    } catch (CharacterCodingException e) {
      throw SpecParams.fail(
          spec, "passwordFile", "'" + fileName + "' holds characters that are not ASCII");
    } catch (AccessDeniedException e) {
      throw SpecParams.fail(
          spec,
          "passwordFile",
          "'" + fileName + "' cannot be read by the agent's user (permission denied)");
    } catch (IOException e) {
      throw SpecParams.fail(
          spec,
          "passwordFile",
          "'" + fileName + "' cannot be read (" + e.getClass().getSimpleName() + ")");
    }
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
