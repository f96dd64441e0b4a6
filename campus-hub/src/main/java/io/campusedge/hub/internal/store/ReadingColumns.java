package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Reading;
import java.time.Instant;
import java.util.Optional;

/**
 * What the {@code reading} and {@code record} columns can hold: V1's widths, and PostgreSQL's
 * timestamp range (H2's is wider). A row the database refuses fails its whole group, and the
 * gateway, never acked, would send that batch for ever; so a reading beyond these is kept only as
 * its record's payload, and counted.
 */
final class ReadingColumns {
  static final int DEVICE_ID = 128;
  static final int METRIC = 64;
  static final int UNIT = 32;
  static final int TEXT_VALUE = 1024;
  static final int QUALITY_REASON = 512;

  // PostgreSQL 15 src/include/datatype/timestamp.h: MIN_TIMESTAMP (4714-11-24 BC) and
  // END_TIMESTAMP (294277-01-01), there in microseconds since 2000, here in ms since 1970.
  static final long EARLIEST_MS = -210_866_803_200_000L;
  static final long END_MS = 9_224_318_016_000_000L;

  private ReadingColumns() {}

  /** Why the reading has no row, or empty when it fits. */
  static Optional<String> unfit(Reading reading) {
    if (!fits(reading.getDeviceId(), DEVICE_ID)) {
      return Optional.of("device id longer than " + DEVICE_ID + " characters");
    }
    if (!fits(reading.getMetric(), METRIC)) {
      return Optional.of("metric longer than " + METRIC + " characters");
    }
    if (!fits(reading.getUnit(), UNIT)) {
      return Optional.of("unit longer than " + UNIT + " characters");
    }
    if (reading.hasStringValue() && !fits(reading.getStringValue(), TEXT_VALUE)) {
      return Optional.of("text value longer than " + TEXT_VALUE + " characters");
    }
    if (!fits(reading.getQualityReason(), QUALITY_REASON)) {
      return Optional.of("quality reason longer than " + QUALITY_REASON + " characters");
    }
    if (!storableTime(reading.getSourceTimeMs())) {
      return Optional.of(
          "source time " + Instant.ofEpochMilli(reading.getSourceTimeMs()) + " out of range");
    }
    return Optional.empty();
  }

  /** UTF-16 length: never less than the characters the databases count. */
  static boolean fits(String text, int width) {
    return text.length() <= width;
  }

  static boolean storableTime(long epochMs) {
    return epochMs >= EARLIEST_MS && epochMs < END_MS;
  }
}
