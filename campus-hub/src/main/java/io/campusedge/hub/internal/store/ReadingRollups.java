package io.campusedge.hub.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds newly stored readings to the 1-minute rollups inside the batch's transaction. Incremental
 * rather than a periodic job: a gateway back after a week offline delivers old readings late, and
 * only the batch that stores them knows exactly which rows are new. Each minute row it touches is
 * flagged {@code hour_pending}; {@link HourlyRollups} derives the hour rows from the minutes.
 */
final class ReadingRollups {
  private ReadingRollups() {}

  static final String MINUTE_TABLE = "reading_rollup_1m";

  // The order minute rows are locked in, here and by HourlyRollups, so the two never deadlock.
  static final Comparator<Bucket> LOCK_ORDER =
      Comparator.comparing(Bucket::gatewayId)
          .thenComparing(Bucket::deviceId)
          .thenComparing(Bucket::metric)
          .thenComparing(Bucket::start);

  // Run for every series a group of readings touches: must find its row by key (V45 on H2).
  static final String MINUTE_UPDATE =
      "UPDATE "
          + MINUTE_TABLE
          + " SET unit = ?, sample_count = sample_count + ?, value_sum = value_sum + ?,"
          + " value_min = LEAST(value_min, ?), value_max = GREATEST(value_max, ?),"
          + " hour_pending = TRUE"
          + " WHERE gateway_id = ? AND device_id = ? AND metric = ? AND bucket_start = ?";

  // PostgreSQL: one upsert per series; the driver sends a JDBC batch of it as multi-row INSERTs
  // (reWriteBatchedInserts, DataSourceTuning), so a group's series cost a few statements instead of
  // one UPDATE each (thread dumps at 1,000 messages/s found the ingest in those UPDATEs).
  static final String MINUTE_UPSERT =
      "INSERT INTO "
          + MINUTE_TABLE
          + " (gateway_id, device_id, metric, bucket_start, unit, sample_count, value_sum,"
          + " value_min, value_max, hour_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)"
          + " ON CONFLICT (gateway_id, device_id, metric, bucket_start) DO UPDATE SET"
          + " unit = EXCLUDED.unit,"
          + " sample_count = "
          + MINUTE_TABLE
          + ".sample_count + EXCLUDED.sample_count,"
          + " value_sum = "
          + MINUTE_TABLE
          + ".value_sum + EXCLUDED.value_sum,"
          + " value_min = LEAST("
          + MINUTE_TABLE
          + ".value_min, EXCLUDED.value_min),"
          + " value_max = GREATEST("
          + MINUTE_TABLE
          + ".value_max, EXCLUDED.value_max),"
          + " hour_pending = TRUE";

  static void add(Connection connection, List<StoredReading> readings, Dialect dialect)
      throws SQLException {
    Map<Bucket, Aggregate> buckets = aggregate(readings);
    if (buckets.isEmpty()) {
      return;
    }
    List<Map.Entry<Bucket, Aggregate>> entries = new ArrayList<>(buckets.entrySet());
    entries.sort(Map.Entry.comparingByKey(LOCK_ORDER));
    if (dialect == Dialect.POSTGRESQL) {
      upsert(connection, entries);
    } else {
      merge(connection, entries);
    }
  }

  private static void upsert(Connection connection, List<Map.Entry<Bucket, Aggregate>> entries)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(MINUTE_UPSERT)) {
      for (Map.Entry<Bucket, Aggregate> entry : entries) {
        setRow(upsert, entry.getKey(), entry.getValue());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /** The key, then the aggregate, as the INSERTs list them. */
  private static void setRow(PreparedStatement insert, Bucket bucket, Aggregate sum)
      throws SQLException {
    insert.setString(1, bucket.gatewayId());
    insert.setString(2, bucket.deviceId());
    insert.setString(3, bucket.metric());
    insert.setObject(4, Sql.utc(bucket.start()));
    insert.setString(5, sum.unit());
    insert.setLong(6, sum.count());
    insert.setDouble(7, sum.sum());
    insert.setDouble(8, sum.min());
    insert.setDouble(9, sum.max());
  }

  private static Map<Bucket, Aggregate> aggregate(List<StoredReading> readings) {
    Map<Bucket, Aggregate> buckets = new HashMap<>();
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
              reading.sourceTime().truncatedTo(ChronoUnit.MINUTES));
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

  /** H2: an UPDATE per series, then INSERTs of the series that had no row for the minute. */
  private static void merge(Connection connection, List<Map.Entry<Bucket, Aggregate>> entries)
      throws SQLException {
    int[] updated;
    try (PreparedStatement update = connection.prepareStatement(MINUTE_UPDATE)) {
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
                + MINUTE_TABLE
                + " (gateway_id, device_id, metric, bucket_start, unit, sample_count, value_sum,"
                + " value_min, value_max, hour_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)")) {
      boolean any = false;
      for (int i = 0; i < entries.size(); i++) {
        if (updated[i] > 0) {
          continue;
        }
        setRow(insert, entries.get(i).getKey(), entries.get(i).getValue());
        insert.addBatch();
        any = true;
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }

  /** A series' minute (or hour, for HourlyRollups) starting at {@code start}. */
  record Bucket(String gatewayId, String deviceId, String metric, Instant start) {}

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
