package io.campusedge.drivers.attendance;

import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every attendance reader shares in its configuration: {@code repeatWindow} (default 3s;
 * {@code 500ms}, {@code 3s}, {@code 1m} or ISO-8601), {@code feedbackPin} (BCM number of a buzzer
 * or LED, none by default) and {@code feedbackMs} (pulse length, default 150).
 */
public record TapSettings(Duration repeatWindow, OptionalInt feedbackPin, Duration feedback) {
  public static final Duration DEFAULT_REPEAT_WINDOW = Duration.ofSeconds(3);
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)");

  public TapSettings {
    if (repeatWindow.isNegative()) {
      throw new IllegalArgumentException("repeatWindow must not be negative");
    }
  }

  public static TapSettings from(DeviceSpec spec) throws DriverConfigException {
    Duration window = durationParam(spec, "repeatWindow", DEFAULT_REPEAT_WINDOW);
    OptionalInt pin = OptionalInt.empty();
    if (spec.param("feedbackPin").isPresent()) {
      pin = OptionalInt.of(bcmPin(spec, "feedbackPin"));
    }
    long feedbackMs = spec.longParam("feedbackMs", 150);
    if (feedbackMs < 1 || feedbackMs > 5_000) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': feedbackMs must be 1-5000, got " + feedbackMs);
    }
    return new TapSettings(window, pin, Duration.ofMillis(feedbackMs));
  }

  /** A BCM GPIO number (0-27 on a Raspberry Pi 40-pin header). Required. */
  public static int bcmPin(DeviceSpec spec, String name) throws DriverConfigException {
    if (spec.param(name).isEmpty()) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': parameter '" + name + "' (BCM GPIO number) is required");
    }
    long pin = spec.longParam(name, -1);
    if (pin < 0 || pin > 27) {
      throw new DriverConfigException(
          "device '"
              + spec.id()
              + "': "
              + name
              + " must be a BCM GPIO number 0-27 (not a header pin number), got "
              + pin);
    }
    return (int) pin;
  }

  /** A duration parameter: {@code 500ms}, {@code 3s}, {@code 1m}, ISO-8601, or a bare ms count. */
  public static Duration durationParam(DeviceSpec spec, String name, Duration fallback)
      throws DriverConfigException {
    Object value = spec.param(name).orElse(null);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number) {
      return Duration.ofMillis(spec.longParam(name, 0));
    }
    String text = value.toString().trim();
    Matcher matcher = SHORT.matcher(text);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        default -> Duration.ofMinutes(amount);
      };
    }
    try {
      Duration parsed = Duration.parse(text);
      if (!parsed.isNegative()) {
        return parsed;
      }
    } catch (DateTimeParseException e) {
      // Falls through to the message below.
    }
    throw new DriverConfigException(
        "device '"
            + spec.id()
            + "': parameter '"
            + name
            + "' must be a duration like 500ms, 3s or 1m, got '"
            + text
            + "'");
  }
}
