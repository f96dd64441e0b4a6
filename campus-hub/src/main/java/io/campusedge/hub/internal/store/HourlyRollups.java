package io.campusedge.hub.internal.store;

import io.campusedge.hub.internal.config.StorageConfig;
import io.campusedge.hub.internal.store.ReadingRollups.Bucket;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 1-hour rollups, derived from the 1-minute rollups outside the ingest transaction (issue 7:
 * rollup UPDATEs took over a third of the ingest worker's time). Ingest flags each minute row it
 * changes {@code hour_pending}; a run recomputes the hours of the flagged rows from all their
 * minutes and clears the flags in the same transaction, so a crash at any point leaves the flags
 * for the next run, and a recomputation never counts a reading twice.
 *
 * <p>Readers of hour rows run {@link #catchUp(Instant, Instant)} for their range first, so an
 * answer includes everything stored before the query, the open hour too.
 */
@Singleton
public class HourlyRollups {
  private static final Logger LOG = LoggerFactory.getLogger(HourlyRollups.class);
  private static final String HOUR_TABLE = "reading_rollup_1h";
  // Pending minute rows per transaction: bounds how long a run holds minute rows ingest updates.
  static final int CHUNK = 1_000;
  // Room for a retention delete of minute rows running at the same time as a run.
  private static final Duration TRIM_MARGIN = Duration.ofMinutes(10);

  private final DataSource dataSource;
  private final Duration minuteRetention;
  private final Clock clock;

  @Inject
  public HourlyRollups(DataSource dataSource, StorageConfig config) {
    this(dataSource, config.retention(), Clock.systemUTC());
  }

  public HourlyRollups(DataSource dataSource, Duration minuteRetention, Clock clock) {
    this.dataSource = dataSource;
    this.minuteRetention = minuteRetention;
    this.clock = clock;
  }

  /** With the default retention: for tests and tools outside the application context. */
  public static HourlyRollups of(DataSource dataSource) {
    return new HourlyRollups(dataSource, Duration.ofDays(400), Clock.systemUTC());
  }

  @Scheduled(
      fixedDelay = "${campusedge.storage.hourly-rollup-interval:5m}",
      initialDelay = "${campusedge.storage.hourly-rollup-interval:5m}")
  void scheduledRun() {
    try {
      catchUp();
    } catch (RuntimeException e) {
      LOG.warn("Hourly rollups failed; the minutes stay pending for the next run", e);
    }
  }

  /** Rolls every pending minute into its hour; returns how many hour rows were recomputed. */
  public int catchUp() {
    return run(Optional.empty());
  }

  /** Only the hours that start in [{@code from}, {@code to}), e.g. a history query's range. */
  public int catchUp(Instant from, Instant to) {
    // Minutes of those hours: from the hour {@code from} falls in to an hour past {@code to}.
    return run(
        Optional.of(new Range(from.truncatedTo(ChronoUnit.HOURS), to.plus(1, ChronoUnit.HOURS))));
  }

  private record Range(Instant from, Instant to) {}

  private record Chunk(int minutesRead, int hoursRecomputed) {}

  private int run(Optional<Range> range) {
    int recomputed = 0;
    Chunk chunk;
    do {
      chunk = Sql.inTransaction(dataSource, connection -> rollChunk(connection, range));
      recomputed += chunk.hoursRecomputed();
      // A short chunk drained what was pending when it looked; what ingest adds meanwhile waits.
    } while (chunk.minutesRead() >= CHUNK);
    return recomputed;
  }

  private Chunk rollChunk(Connection connection, Optional<Range> range) throws SQLException {
    lockRuns(connection);
    SortedSet<Bucket> hours = new TreeSet<>(ReadingRollups.LOCK_ORDER);
    int minutesRead = pendingHours(connection, range, hours);
    if (hours.isEmpty()) {
      return new Chunk(minutesRead, 0);
    }
    claim(connection, hours);
    Instant trimmedBefore = clock.instant().minus(minuteRetention).plus(TRIM_MARGIN);
    List<Bucket> stale = new ArrayList<>();
    List<HourRow> updates = new ArrayList<>();
    List<HourRow> inserts = new ArrayList<>();
    try (PreparedStatement minutes =
            connection.prepareStatement(
                "SELECT unit, sample_count, value_sum, value_min, value_max FROM "
                    + ReadingRollups.MINUTE_TABLE
                    + " WHERE gateway_id = ? AND device_id = ? AND metric = ?"
                    + " AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start");
        PreparedStatement hourRow =
            connection.prepareStatement(
                "SELECT sample_count FROM "
                    + HOUR_TABLE
                    + " WHERE gateway_id = ? AND device_id = ? AND metric = ?"
                    + " AND bucket_start = ?")) {
      for (Bucket hour : hours) {
        Optional<HourRow> fromMinutes = sumOfMinutes(minutes, hour);
        if (fromMinutes.isEmpty()) {
          continue;
        }
        Optional<Long> stored = storedCount(hourRow, hour);
        // Retention may have deleted some of this hour's minutes (it is older than their
        // retention, or its row counts more than they do): that row is all that is left of
        // them, and a late reading for such an hour cannot be added to it without a recount.
        if (stored.isPresent()
            && (hour.start().isBefore(trimmedBefore) || stored.get() > fromMinutes.get().count())) {
          stale.add(hour);
          continue;
        }
        (stored.isPresent() ? updates : inserts).add(fromMinutes.get());
      }
    }
    write(connection, updates, inserts);
    if (!stale.isEmpty()) {
      LOG.warn(
          "{} hours older than the minute rollups' retention got late readings; their hourly"
              + " rollups stay as they were (first: {})",
          stale.size(),
          stale.get(0));
    }
    return new Chunk(minutesRead, updates.size() + inserts.size());
  }

  /** Several hub instances, or a query's catch-up beside the job, take turns. */
  private static void lockRuns(Connection connection) throws SQLException {
    try (PreparedStatement lock =
            connection.prepareStatement(
                "SELECT id FROM hourly_rollup_lock WHERE id = 1 FOR UPDATE");
        ResultSet row = lock.executeQuery()) {
      if (!row.next()) {
        throw new IllegalStateException("hourly_rollup_lock has lost its row (V42 inserts it)");
      }
    }
  }

  /** The hours of up to {@link #CHUNK} pending minute rows, oldest first. */
  private static int pendingHours(
      Connection connection, Optional<Range> range, SortedSet<Bucket> hours) throws SQLException {
    String sql =
        "SELECT gateway_id, device_id, metric, bucket_start FROM "
            + ReadingRollups.MINUTE_TABLE
            + " WHERE hour_pending = TRUE"
            + (range.isPresent() ? " AND bucket_start >= ? AND bucket_start < ?" : "")
            + " ORDER BY bucket_start FETCH FIRST "
            + CHUNK
            + " ROWS ONLY";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      if (range.isPresent()) {
        select.setObject(1, Sql.utc(range.get().from()));
        select.setObject(2, Sql.utc(range.get().to()));
      }
      int read = 0;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          read++;
          hours.add(
              new Bucket(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  Sql.instant(rows.getObject(4)).truncatedTo(ChronoUnit.HOURS)));
        }
      }
      return read;
    }
  }

  /**
   * Clears the flags of all the hours' minutes, before reading them: the UPDATE waits for an ingest
   * transaction that changed one of them, so the sums read next include its change; a minute row
   * ingest adds afterwards comes flagged and is rolled up by a later run.
   */
  private static void claim(Connection connection, SortedSet<Bucket> hours) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE "
                + ReadingRollups.MINUTE_TABLE
                + " SET hour_pending = FALSE WHERE gateway_id = ? AND device_id = ? AND metric = ?"
                + " AND bucket_start >= ? AND bucket_start < ? AND hour_pending = TRUE")) {
      for (Bucket hour : hours) {
        bindHour(update, hour);
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  private static Optional<HourRow> sumOfMinutes(PreparedStatement select, Bucket hour)
      throws SQLException {
    bindHour(select, hour);
    HourRow sum = null;
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        // The latest minute's unit, as a minute row keeps its latest reading's.
        HourRow minute =
            new HourRow(
                hour,
                rows.getString(1),
                rows.getLong(2),
                rows.getDouble(3),
                rows.getDouble(4),
                rows.getDouble(5));
        sum = sum == null ? minute : sum.plus(minute);
      }
    }
    return Optional.ofNullable(sum);
  }

  private static Optional<Long> storedCount(PreparedStatement select, Bucket hour)
      throws SQLException {
    select.setString(1, hour.gatewayId());
    select.setString(2, hour.deviceId());
    select.setString(3, hour.metric());
    select.setObject(4, Sql.utc(hour.start()));
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
    }
  }

  private static void write(Connection connection, List<HourRow> updates, List<HourRow> inserts)
      throws SQLException {
    if (!updates.isEmpty()) {
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE "
                  + HOUR_TABLE
                  + " SET unit = ?, sample_count = ?, value_sum = ?, value_min = ?, value_max = ?"
                  + " WHERE gateway_id = ? AND device_id = ? AND metric = ? AND bucket_start = ?")) {
        for (HourRow row : updates) {
          update.setString(1, row.unit());
          update.setLong(2, row.count());
          update.setDouble(3, row.sum());
          update.setDouble(4, row.min());
          update.setDouble(5, row.max());
          update.setString(6, row.hour().gatewayId());
          update.setString(7, row.hour().deviceId());
          update.setString(8, row.hour().metric());
          update.setObject(9, Sql.utc(row.hour().start()));
          update.addBatch();
        }
        update.executeBatch();
      }
    }
    if (!inserts.isEmpty()) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + HOUR_TABLE
                  + " (gateway_id, device_id, metric, bucket_start, unit, sample_count, value_sum,"
                  + " value_min, value_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (HourRow row : inserts) {
          insert.setString(1, row.hour().gatewayId());
          insert.setString(2, row.hour().deviceId());
          insert.setString(3, row.hour().metric());
          insert.setObject(4, Sql.utc(row.hour().start()));
          insert.setString(5, row.unit());
          insert.setLong(6, row.count());
          insert.setDouble(7, row.sum());
          insert.setDouble(8, row.min());
          insert.setDouble(9, row.max());
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  private static void bindHour(PreparedStatement statement, Bucket hour) throws SQLException {
    statement.setString(1, hour.gatewayId());
    statement.setString(2, hour.deviceId());
    statement.setString(3, hour.metric());
    statement.setObject(4, Sql.utc(hour.start()));
    statement.setObject(5, Sql.utc(hour.start().plus(1, ChronoUnit.HOURS)));
  }

  private record HourRow(Bucket hour, String unit, long count, double sum, double min, double max) {
    HourRow plus(HourRow later) {
      return new HourRow(
          hour,
          later.unit,
          count + later.count,
          sum + later.sum,
          Math.min(min, later.min),
          Math.max(max, later.max));
    }
  }
}
