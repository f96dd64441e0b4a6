package io.campusedge.hub.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds newly stored readings to the 1-minute and 1-hour rollups inside the batch's transaction.
 * Incremental rather than a periodic job: a gateway back after a week offline delivers old readings
 * late, and only the batch that stores them knows exactly which rows are new.
 */
final class ReadingRollups {
  private ReadingRollups() {}

  /** The rollup tables and the width of their buckets. */
  enum Width {
    MINUTE("reading_rollup_1m", ChronoUnit.MINUTES),
    HOUR("reading_rollup_1h", ChronoUnit.HOURS);

    final String table;
    final ChronoUnit unit;

    Width(String table, ChronoUnit unit) {
      this.table = table;
      this.unit = unit;
    }
  }

  static void add(Connection connection, List<StoredReading> readings) throws SQLException {
    for (Width width : Width.values()) {
      Map<Bucket, Aggregate> buckets = aggregate(readings, width);
      if (!buckets.isEmpty()) {
        merge(connection, width, buckets);
      }
    }
  }

  private static Map<Bucket, Aggregate> aggregate(List<StoredReading> readings, Width width) {
    Map<Bucket, Aggregate> buckets = new LinkedHashMap<>();
    for (StoredReading reading : readings) {
      Double value = numericValue(reading);
      if (value == null || value.isNaN() || value.isInfinite()) {
        continue;
      }
      Bucket bucket =
          new Bucket(
              reading.gatewayId(),
              reading.deviceId(),
              reading.metric(),
              reading.sourceTime().truncatedTo(width.unit));
      buckets.merge(bucket, new Aggregate(reading.unit(), 1, value, value, value), Aggregate::plus);
    }
    return buckets;
  }

  /** BAD readings and non-numbers (flags, text) have no place in an average. */
  private static Double numericValue(StoredReading reading) {
    if (reading.quality() == ReadingQuality.BAD) {
      return null;
    }
    if (reading.value() instanceof MetricValue.Decimal decimal) {
      return decimal.value();
    }
    if (reading.value() instanceof MetricValue.WholeNumber whole) {
      return (double) whole.value();
    }
    // A flag (a PIR's "occupied") rolls up as 1/0: the average is the share of samples it was set.
    if (reading.value() instanceof MetricValue.Flag flag) {
      return flag.value() ? 1.0 : 0.0;
    }
    return null;
  }

  private static void merge(Connection connection, Width width, Map<Bucket, Aggregate> buckets)
      throws SQLException {
    List<Map.Entry<Bucket, Aggregate>> entries = new ArrayList<>(buckets.entrySet());
    int[] updated;
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE "
                + width.table
                + " SET unit = ?, sample_count = sample_count + ?, value_sum = value_sum + ?,"
                + " value_min = LEAST(value_min, ?), value_max = GREATEST(value_max, ?)"
                + " WHERE gateway_id = ? AND device_id = ? AND metric = ? AND bucket_start = ?")) {
      for (Map.Entry<Bucket, Aggregate> entry : entries) {
        Aggregate sum = entry.getValue();
        Bucket bucket = entry.getKey();
        update.setString(1, sum.unit());
        update.setLong(2, sum.count());
        update.setDouble(3, sum.sum());
        update.setDouble(4, sum.min());
        update.setDouble(5, sum.max());
        update.setString(6, bucket.gatewayId());
        update.setString(7, bucket.deviceId());
        update.setString(8, bucket.metric());
        update.setObject(9, Sql.utc(bucket.start()));
        update.addBatch();
      }
      updated = update.executeBatch();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + width.table
                + " (gateway_id, device_id, metric, bucket_start, unit, sample_count, value_sum,"
                + " value_min, value_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      boolean any = false;
      for (int i = 0; i < entries.size(); i++) {
        if (updated[i] > 0) {
          continue;
        }
        Bucket bucket = entries.get(i).getKey();
        Aggregate sum = entries.get(i).getValue();
        insert.setString(1, bucket.gatewayId());
        insert.setString(2, bucket.deviceId());
        insert.setString(3, bucket.metric());
        insert.setObject(4, Sql.utc(bucket.start()));
        insert.setString(5, sum.unit());
        insert.setLong(6, sum.count());
        insert.setDouble(7, sum.sum());
        insert.setDouble(8, sum.min());
        insert.setDouble(9, sum.max());
        insert.addBatch();
        any = true;
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }

  private record Bucket(String gatewayId, String deviceId, String metric, Instant start) {}

  private record Aggregate(String unit, long count, double sum, double min, double max) {
    Aggregate plus(Aggregate other) {
      return new Aggregate(
          other.unit,
          count + other.count,
          sum + other.sum,
          Math.min(min, other.min),
          Math.max(max, other.max));
    }
  }
}
