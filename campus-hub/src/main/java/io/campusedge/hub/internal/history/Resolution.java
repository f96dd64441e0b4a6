package io.campusedge.hub.internal.history;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * How fine the history is: every reading, or per-minute / per-hour aggregates. Hour rows are
 * derived from minute rows by a job ({@code HourlyRollups}); {@link ReadingHistory} rolls up the
 * range's pending minutes before it reads them, so they are as exact as the minute rows.
 */
public enum Resolution {
  RAW("raw", Duration.ofDays(7), "reading"),
  MINUTE("1m", Duration.ofDays(31), "reading_rollup_1m"),
  HOUR("1h", Duration.ofDays(400), "reading_rollup_1h");

  private final String key;
  private final Duration maxRange;
  private final String table;

  Resolution(String key, Duration maxRange, String table) {
    this.key = key;
    this.maxRange = maxRange;
    this.table = table;
  }

  public String key() {
    return key;
  }

  /** The longest {@code to - from} a query may ask for, so one request stays bounded. */
  public Duration maxRange() {
    return maxRange;
  }

  String table() {
    return table;
  }

  public static Optional<Resolution> of(String key) {
    return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
  }
}
