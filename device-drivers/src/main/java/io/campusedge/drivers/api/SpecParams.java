package io.campusedge.drivers.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed readers for the parameters bus drivers share: I2C addresses written as {@code 0x76} or
 * {@code 118}, booleans, durations ({@code 500ms}, {@code 10s}, {@code 5m}, ISO-8601) and choices.
 * Every failure names the device and the parameter.
 */
public final class SpecParams {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private SpecParams() {}

  /** A 7-bit I2C address; must be one of {@code allowed} when that set is not empty. */
  public static int i2cAddress(DeviceSpec spec, int fallback, Set<Integer> allowed)
      throws DriverConfigException {
    Object raw = spec.param("address").orElse(fallback);
    int address;
    if (raw instanceof Number number) {
      address = number.intValue();
    } else {
      String text = raw.toString().trim().toLowerCase(Locale.ROOT);
      try {
        address =
            text.startsWith("0x")
                ? Integer.parseInt(text.substring(2), 16)
                : Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw fail(spec, "address", "must be an I2C address like 0x76, got '" + raw + "'");
      }
    }
    if (!allowed.isEmpty() && !allowed.contains(address)) {
      String choices =
          allowed.stream().sorted().map(a -> String.format("0x%02x", a)).collect(joining());
      throw fail(
          spec,
          "address",
          String.format("must be %s for a %s, got 0x%02x", choices, spec.type(), address));
    }
    if (address < 0x03 || address > 0x77) {
      throw fail(spec, "address", String.format("0x%02x is not a 7-bit I2C address", address));
    }
    return address;
  }

  /** A whole number in {@code [min, max]}. */
  public static int intInRange(DeviceSpec spec, String name, int fallback, int min, int max)
      throws DriverConfigException {
    long value = spec.longParam(name, fallback);
    if (value < min || value > max) {
      throw fail(spec, name, "must be between " + min + " and " + max + ", got " + value);
    }
    return (int) value;
  }

  /** A number in {@code [min, max]}. */
  public static double doubleInRange(
      DeviceSpec spec, String name, double fallback, double min, double max)
      throws DriverConfigException {
    double value = spec.doubleParam(name, fallback);
    if (!(value >= min && value <= max)) {
      throw fail(spec, name, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public static boolean bool(DeviceSpec spec, String name, boolean fallback)
      throws DriverConfigException {
    Object raw = spec.param(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    String text = raw.toString().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("yes") || text.equals("on")) {
      return true;
    }
    if (text.equals("false") || text.equals("no") || text.equals("off")) {
      return false;
    }
    throw fail(spec, name, "must be true or false, got '" + raw + "'");
  }

  /** A duration: a number of milliseconds, {@code 500ms}, {@code 10s}, {@code 5m}, or ISO-8601. */
  public static Duration duration(DeviceSpec spec, String name, Duration fallback)
      throws DriverConfigException {
    Object raw = spec.param(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Number number) {
      return Duration.ofMillis(number.longValue());
    }
    String text = raw.toString().trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(text);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    try {
      return Duration.parse(raw.toString().trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw fail(spec, name, "must be a duration like 500ms, 10s or 5m, got '" + raw + "'");
    }
  }

  /** One of a closed set of words, e.g. a measurement mode. */
  public static String choice(DeviceSpec spec, String name, String fallback, Set<String> allowed)
      throws DriverConfigException {
    String value = spec.param(name).map(Object::toString).orElse(fallback).trim();
    if (!allowed.contains(value)) {
      throw fail(
          spec,
          name,
          "must be one of "
              + allowed.stream().sorted().collect(joining())
              + ", got '"
              + value
              + "'");
    }
    return value;
  }

  /** A nested yes/no setting: true/false, yes/no, on/off; absent is false. */
  public static boolean flag(DeviceSpec spec, String name, Object raw)
      throws DriverConfigException {
    if (raw == null) {
      return false;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    return switch (raw.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw fail(spec, name, "must be true or false, got '" + raw + "'");
    };
  }

  /** Refuses a key of a nested setting ({@code at}, e.g. {@code points[2]}) that is not known. */
  public static void requireKnownKeys(
      DeviceSpec spec, String at, java.util.Map<?, ?> map, java.util.Set<String> known, String what)
      throws DriverConfigException {
    for (Object key : map.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        throw fail(
            spec,
            at + "." + key,
            "is not a "
                + what
                + " setting (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  public static DriverConfigException fail(DeviceSpec spec, String name, String why) {
    return new DriverConfigException("device '" + spec.id() + "': parameter '" + name + "' " + why);
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(" or ");
  }
}
