package io.campusedge.simulators.chaos;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them in scenario files and options: 500ms, 4s, 2m, 3h, 40d, -3h. */
public final class DurationText {
  private DurationText() {}

  public static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    boolean negative = t.startsWith("-");
    if (t.startsWith("-") || t.startsWith("+")) {
      t = t.substring(1);
    }
    Duration duration;
    try {
      if (t.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        duration = Duration.ofMillis(Math.round(Double.parseDouble(cut(t)) * 1000));
      } else if (t.endsWith("m")) {
        duration = Duration.ofSeconds(Math.round(Double.parseDouble(cut(t)) * 60));
      } else if (t.endsWith("h")) {
        duration = Duration.ofSeconds(Math.round(Double.parseDouble(cut(t)) * 3600));
      } else if (t.endsWith("d")) {
        duration = Duration.ofHours(Math.round(Double.parseDouble(cut(t)) * 24));
      } else {
        duration = Duration.parse(text.strip());
        return duration;
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (write e.g. 500ms, 4s, 2m, 3h, 40d)", e);
    }
    return negative ? duration.negated() : duration;
  }

  private static String cut(String t) {
    return t.substring(0, t.length() - 1);
  }
}
