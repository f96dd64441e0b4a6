package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Record;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * A group's {@code record} and {@code reading} rows, queued while the group is staged and written
 * at {@link #flush()}: a reading is one {@code reading} row with its payload, any other record one
 * {@code record} row. On PostgreSQL with {@code COPY … FROM STDIN}, elsewhere as one JDBC batch per
 * table. Which records are new is the store's business ({@link JdbcRecordStore}); only record's key
 * refuses a second copy here.
 */
sealed interface GroupRows extends AutoCloseable
    permits GroupRows.BatchedInserts, GroupRows.PostgresCopy {

  static GroupRows open(Connection connection, Dialect dialect) throws SQLException {
    return dialect == Dialect.POSTGRESQL
        ? new PostgresCopy(connection.unwrap(PGConnection.class).getCopyAPI())
        : new BatchedInserts(connection);
  }

  void record(String gatewayId, long epoch, Record record, Instant receivedAt) throws SQLException;

  /**
   * Queues the record's reading, of series {@code seriesId}, with the record as its payload, and
   * returns it as stored.
   */
  StoredReading reading(long seriesId, String gatewayId, long epoch, Record record)
      throws SQLException;

  void flush() throws SQLException;

  @Override
  void close() throws SQLException;

  String RECORD_COLUMNS =
      "record (gateway_id, epoch, seq, kind, device_id, source_time, payload, received_at)";
  String READING_COLUMNS =
      "reading (series_id, epoch, seq, source_time, value_type, num_value, text_value, unit,"
          + " quality, quality_reason, payload)";

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
                "INSERT INTO " + READING_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
    public StoredReading reading(long seriesId, String gatewayId, long epoch, Record record)
        throws SQLException {
      StoredReading stored = StoredReading.of(gatewayId, record.getReading());
      readings.setLong(1, seriesId);
      readings.setLong(2, epoch);
      readings.setLong(3, record.getSeq());
      readings.setObject(4, Sql.utc(stored.sourceTime()));
      readings.setString(5, stored.value().typeName());
      readings.setObject(6, numberColumn(stored.value()));
      readings.setString(7, textColumn(stored.value()));
      readings.setString(8, stored.unit());
      readings.setString(9, stored.quality().name());
      readings.setString(10, stored.qualityReason());
      readings.setBytes(11, record.toByteArray());
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
   * PostgreSQL's COPY in its binary format (PostgreSQL 15 manual, COPY, "Binary Format"): a
   * signature and header, then per row a 16-bit field count and per field a 32-bit length (-1 for
   * NULL) and the value in the type's send format: text as UTF-8, bigint and double as 8 bytes big
   * endian, timestamptz as microseconds since 2000-01-01 UTC, bytea as it is. Neither side formats
   * or parses digits, escapes text or writes a payload in hex. A NUL character, which PostgreSQL
   * text cannot hold, is stored as U+FFFD. The hub bench's FLOOD (100-record batches, 2 vCPUs
   * shared with PostgreSQL) stored 38,540 and 38,983 readings/s with COPY's text format against
   * 29,933 and 30,422 with batched multi-row INSERTs, alternating runs; the binary format against
   * the text one was within the bench's noise (45,982 / 41,428 against 43,166 / 40,645).
   */
  final class PostgresCopy implements GroupRows {
    private static final byte[] SIGNATURE = {
      'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
    };
    // 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private final CopyManager copy;
    private final CopyRows records = new CopyRows();
    private final CopyRows readings = new CopyRows();

    PostgresCopy(CopyManager copy) {
      this.copy = copy;
    }

    @Override
    public void record(String gatewayId, long epoch, Record record, Instant receivedAt) {
      RecordSummary summary = RecordSummary.of(record);
      records.row(8);
      records.text(gatewayId);
      records.int8(epoch);
      records.int8(record.getSeq());
      records.text(summary.kind());
      records.text(summary.deviceId().orElse(null));
      if (summary.sourceTime().isPresent()) {
        records.timestamp(summary.sourceTime().get());
      } else {
        records.nothing();
      }
      records.bytes(record.toByteArray());
      records.timestamp(receivedAt);
    }

    @Override
    public StoredReading reading(long seriesId, String gatewayId, long epoch, Record record) {
      StoredReading stored = StoredReading.of(gatewayId, record.getReading());
      readings.row(11);
      readings.int8(seriesId);
      readings.int8(epoch);
      readings.int8(record.getSeq());
      readings.timestamp(stored.sourceTime());
      readings.text(stored.value().typeName());
      Double number = numberColumn(stored.value());
      if (number == null) {
        readings.nothing();
      } else {
        readings.float8(number);
      }
      readings.text(textColumn(stored.value()));
      readings.text(stored.unit());
      readings.text(stored.quality().name());
      readings.text(stored.qualityReason());
      readings.bytes(record.toByteArray());
      return stored;
    }

    @Override
    public void flush() throws SQLException {
      copyIn(RECORD_COLUMNS, records);
      copyIn(READING_COLUMNS, readings);
    }

    private void copyIn(String table, CopyRows rows) throws SQLException {
      if (rows.isEmpty()) {
        return;
      }
      byte[] data = rows.finish();
      int length = rows.length();
      rows.clear();
      CopyIn in = copy.copyIn("COPY " + table + " FROM STDIN (FORMAT binary)");
      try {
        in.writeToCopy(data, 0, length);
        in.endCopy();
      } catch (SQLException e) {
        if (in.isActive()) {
          try {
            in.cancelCopy(); // the connection is usable again; the transaction rolls back
          } catch (SQLException cancelling) {
            e.addSuppressed(cancelling);
          }
        }
        throw e;
      }
    }

    @Override
    public void close() {
      records.clear();
      readings.clear();
    }

    /** One table's rows in COPY's binary format, header included, growing as rows are added. */
    private static final class CopyRows {
      private byte[] buffer = new byte[8192];
      private int length;
      private int rows;

      boolean isEmpty() {
        return rows == 0;
      }

      int length() {
        return length;
      }

      void clear() {
        length = 0;
        rows = 0;
      }

      void row(int fields) {
        if (rows++ == 0) {
          ensure(SIGNATURE.length + 8);
          System.arraycopy(SIGNATURE, 0, buffer, length, SIGNATURE.length);
          length += SIGNATURE.length;
          putInt(0); // flags: no OIDs
          putInt(0); // no header extension
        }
        ensure(2);
        putShort(fields);
      }

      /** The trailer; returns the buffer, valid up to {@link #length()}. */
      byte[] finish() {
        ensure(2);
        putShort(-1);
        return buffer;
      }

      void nothing() {
        ensure(4);
        putInt(-1);
      }

      void text(String value) {
        if (value == null) {
          nothing();
          return;
        }
        bytes(Dialect.POSTGRESQL.storable(value).getBytes(StandardCharsets.UTF_8));
      }

      void bytes(byte[] value) {
        ensure(4 + value.length);
        putInt(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
      }

      void int8(long value) {
        ensure(12);
        putInt(8);
        putLong(value);
      }

      void float8(double value) {
        int8(Double.doubleToRawLongBits(value));
      }

      /** Microseconds since 2000-01-01 UTC; RecordColumns keeps times within PostgreSQL's range. */
      void timestamp(Instant instant) {
        long seconds = instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS;
        int8(seconds * 1_000_000L + instant.getNano() / 1_000);
      }

      private void ensure(int more) {
        if (length + more > buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
      }

      private void putShort(int value) {
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
      }

      private void putInt(int value) {
        putShort(value >>> 16);
        putShort(value);
      }

      private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
      }
    }
  }
}
