package io.campusedge.hub.internal.store;

import io.campusedge.hub.internal.config.StorageConfig;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the readings history in shape: on PostgreSQL, monthly {@code reading} partitions created
 * ahead of time and whole months dropped once past the retention; everywhere else (H2, the month
 * the cutoff falls in, the rollups) old rows deleted in batches, so no transaction grows large.
 */
@Singleton
public class StorageMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(StorageMaintenance.class);
  private static final Pattern MONTH_PARTITION = Pattern.compile("reading_p(\\d{4})(\\d{2})");
  private static final DateTimeFormatter PARTITION_SUFFIX = DateTimeFormatter.ofPattern("yyyyMM");

  private final DataSource dataSource;
  private final StorageConfig config;
  private final HourlyRollups hourlyRollups;
  private final Clock clock;
  private volatile Dialect dialect;

  @Inject
  public StorageMaintenance(
      DataSource dataSource, StorageConfig config, HourlyRollups hourlyRollups) {
    this(dataSource, config, hourlyRollups, Clock.systemUTC());
  }

  StorageMaintenance(
      DataSource dataSource, StorageConfig config, HourlyRollups hourlyRollups, Clock clock) {
    this.dataSource = dataSource;
    this.config = config;
    this.hourlyRollups = hourlyRollups;
    this.clock = clock;
  }

  /** What one run did. */
  public record Report(
      List<String> partitionsCreated, List<String> partitionsDropped, long rowsDeleted) {}

  @Scheduled(
      fixedDelay = "${campusedge.storage.maintenance-interval:1h}",
      initialDelay = "${campusedge.storage.maintenance-interval:1h}")
  void scheduledRun() {
    try {
      run();
    } catch (RuntimeException e) {
      LOG.warn("Storage maintenance failed; next try in {}", config.maintenanceInterval(), e);
    }
  }

  public Report run() {
    Instant now = clock.instant();
    List<String> created = dialect() == Dialect.POSTGRESQL ? createPartitionsAhead(now) : List.of();
    Instant cutoff = now.minus(config.retention());
    List<String> dropped =
        dialect() == Dialect.POSTGRESQL ? dropPartitionsBefore(cutoff) : List.of();
    // Minutes are rolled into their hours before they go: an hour is recomputed only from all of
    // its minutes.
    hourlyRollups.catchUp();
    // Dropping whole months is the cheap bulk path; the month the cutoff falls in is trimmed
    // row by row, so retention means the same on both databases.
    long deleted =
        deleteOlderThan("reading", "source_time", cutoff)
            + deleteOlderThan("reading_rollup_1m", "bucket_start", cutoff)
            + deleteOlderThan(
                "reading_rollup_1h", "bucket_start", now.minus(config.hourlyRollupRetention()))
            + trimRecords(cutoff);
    Report report = new Report(created, dropped, deleted);
    if (!created.isEmpty() || !dropped.isEmpty() || deleted > 0) {
      LOG.info(
          "Storage maintenance: partitions created {}, dropped {}; {} old rows deleted",
          created,
          dropped,
          deleted);
    }
    return report;
  }

  private Dialect dialect() {
    if (dialect == null) {
      dialect = Dialect.of(dataSource);
    }
    return dialect;
  }

  /** This month's and the next months' partitions (and last month's, for late readings). */
  private List<String> createPartitionsAhead(Instant now) {
    YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    List<String> created = new ArrayList<>();
    for (int offset = -1; offset <= config.partitionsAhead(); offset++) {
      YearMonth month = current.plusMonths(offset);
      if (createPartition(month)) {
        created.add(partitionName(month));
      }
    }
    return created;
  }

  /**
   * Creates the month's partition, moving the rows the default partition holds for that month into
   * it first, since attaching a range that the default partition has rows for is refused.
   */
  private boolean createPartition(YearMonth month) {
    String name = partitionName(month);
    String from = monthStart(month).toString();
    String to = monthStart(month.plusMonths(1)).toString();
    return Sql.inTransaction(
        dataSource,
        connection -> {
          if (tableExists(connection, name)) {
            return false;
          }
          try (Statement ddl = connection.createStatement()) {
            ddl.execute("LOCK TABLE reading_default IN EXCLUSIVE MODE");
            ddl.execute(
                "CREATE TABLE "
                    + name
                    + " (LIKE reading INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            String range = " WHERE source_time >= '" + from + "' AND source_time < '" + to + "'";
            ddl.execute("INSERT INTO " + name + " SELECT * FROM reading_default" + range);
            ddl.execute("DELETE FROM reading_default" + range);
            ddl.execute(
                "ALTER TABLE reading ATTACH PARTITION "
                    + name
                    + " FOR VALUES FROM ('"
                    + from
                    + "') TO ('"
                    + to
                    + "')");
          }
          return true;
        });
  }

  private List<String> dropPartitionsBefore(Instant cutoff) {
    List<String> dropped = new ArrayList<>();
    for (String name : monthPartitions()) {
      Matcher match = MONTH_PARTITION.matcher(name);
      if (!match.matches()) {
        continue;
      }
      YearMonth month =
          YearMonth.of(Integer.parseInt(match.group(1)), Integer.parseInt(match.group(2)));
      if (!monthStart(month.plusMonths(1)).isAfter(cutoff)) {
        Sql.inTransaction(
            dataSource,
            connection -> {
              try (Statement ddl = connection.createStatement()) {
                ddl.execute("DROP TABLE " + name);
              }
              return null;
            });
        dropped.add(name);
      }
    }
    return dropped;
  }

  private List<String> monthPartitions() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT c.relname FROM pg_inherits i"
                          + " JOIN pg_class c ON c.oid = i.inhrelid"
                          + " JOIN pg_class p ON p.oid = i.inhparent"
                          + " WHERE p.relname = 'reading'"
                          + " AND p.relnamespace = to_regnamespace(current_schema())::oid"
                          + " ORDER BY c.relname");
              ResultSet rows = select.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
              names.add(rows.getString(1));
            }
            return names;
          }
        });
  }

  private long deleteOlderThan(String table, String timeColumn, Instant cutoff) {
    String sql = dialect().deleteOlderThan(table, timeColumn, config.deleteBatchSize());
    long total = 0;
    int deleted;
    do {
      deleted =
          Sql.inTransaction(
              dataSource,
              connection -> {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                  delete.setObject(1, Sql.utc(cutoff));
                  return delete.executeUpdate();
                }
              });
      total += deleted;
    } while (deleted >= config.deleteBatchSize());
    return total;
  }

  /**
   * Records (card taps, equipment events, readings stored before V49; a reading's payload now goes
   * with its reading row) received before the cutoff, each stream walked from its oldest record in
   * seq order, its key, so a run reads little more than what expired; never beyond the stream's
   * high-water mark, since a record stored beyond a hole still settles the stream when the hole
   * fills. Below the mark a resent record is a duplicate whether its row is kept or not.
   */
  private long trimRecords(Instant cutoff) {
    List<StreamMark> streams =
        Sql.inTransaction(
            dataSource,
            connection -> {
              List<StreamMark> marks = new ArrayList<>();
              try (PreparedStatement select =
                      connection.prepareStatement(
                          "SELECT gateway_id, epoch, upto_seq FROM gateway_stream");
                  ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                  marks.add(new StreamMark(rows.getString(1), rows.getLong(2), rows.getLong(3)));
                }
              }
              return marks;
            });
    long total = 0;
    for (StreamMark stream : streams) {
      int deleted;
      do {
        deleted =
            Sql.inTransaction(dataSource, connection -> trimRecords(connection, stream, cutoff));
        total += deleted;
      } while (deleted >= config.deleteBatchSize());
    }
    return total;
  }

  /** One batch of a stream's oldest records: those before the first one received in time. */
  private int trimRecords(Connection connection, StreamMark stream, Instant cutoff)
      throws SQLException {
    long lastExpired = 0;
    int expired = 0;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, received_at FROM record WHERE gateway_id = ? AND epoch = ? AND seq <= ?"
                + " ORDER BY seq FETCH FIRST "
                + config.deleteBatchSize()
                + " ROWS ONLY")) {
      select.setString(1, stream.gatewayId());
      select.setLong(2, stream.epoch());
      select.setLong(3, stream.uptoSeq());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next() && Sql.instant(rows.getObject(2)).isBefore(cutoff)) {
          lastExpired = rows.getLong(1);
          expired++;
        }
      }
    }
    if (expired == 0) {
      return 0;
    }
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM record WHERE gateway_id = ? AND epoch = ? AND seq <= ?")) {
      delete.setString(1, stream.gatewayId());
      delete.setLong(2, stream.epoch());
      delete.setLong(3, lastExpired);
      return delete.executeUpdate();
    }
  }

  private record StreamMark(String gatewayId, long epoch, long uptoSeq) {}

  private static boolean tableExists(Connection connection, String name) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?)")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() && row.getObject(1) != null;
      }
    }
  }

  static String partitionName(YearMonth month) {
    return "reading_p" + month.format(PARTITION_SUFFIX);
  }

  private static Instant monthStart(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
