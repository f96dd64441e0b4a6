package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** The {@code record}, {@code reading} and {@code gateway_stream} tables. */
@Singleton
public class JdbcRecordStore implements RecordStore {
  private final DataSource dataSource;

  public JdbcRecordStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public BatchOutcome store(Batch batch) {
    return Sql.inTransaction(dataSource, connection -> store(connection, batch));
  }

  private BatchOutcome store(Connection connection, Batch batch) throws SQLException {
    String gatewayId = batch.getGatewayId();
    long epoch = batch.getEpoch();
    Stream stream = lockStream(connection, gatewayId, epoch);
    long firstSeq = batch.getRecords(0).getSeq();
    long lastSeq = batch.getRecords(batch.getRecordsCount() - 1).getSeq();
    Set<Long> alreadyStored = storedSeqs(connection, gatewayId, epoch, firstSeq, lastSeq);
    Instant now = Instant.now();
    List<StoredReading> newReadings = new ArrayList<>();
    int duplicates = 0;
    for (Record record : batch.getRecordsList()) {
      if (record.getSeq() <= stream.uptoSeq() || alreadyStored.contains(record.getSeq())) {
        duplicates++;
        continue;
      }
      insertRecord(connection, gatewayId, epoch, record, now);
      if (record.hasReading()) {
        newReadings.add(insertReading(connection, gatewayId, epoch, record));
      }
    }
    ReadingRollups.add(connection, newReadings);
    int stored = batch.getRecordsCount() - duplicates;
    boolean gap = stored > 0 && firstSeq > stream.uptoSeq() + 1;
    long uptoSeq = contiguousUpTo(connection, gatewayId, epoch, stream.uptoSeq());
    updateStream(connection, stream, uptoSeq, gap, now);
    return new BatchOutcome(epoch, uptoSeq, stored, duplicates, gap, List.copyOf(newReadings));
  }

  private static Stream lockStream(Connection connection, String gatewayId, long epoch)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT upto_seq, gap_count FROM gateway_stream"
                + " WHERE gateway_id = ? AND epoch = ? FOR UPDATE")) {
      select.setString(1, gatewayId);
      select.setLong(2, epoch);
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          return new Stream(gatewayId, epoch, row.getLong(1), row.getLong(2));
        }
      }
    }
    // A concurrent first batch of the same stream violates the key and rolls this one back;
    // the gateway sends it again because it got no ack.
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO gateway_stream (gateway_id, epoch, upto_seq, gap_count, updated_at)"
                + " VALUES (?, ?, 0, 0, ?)")) {
      insert.setString(1, gatewayId);
      insert.setLong(2, epoch);
      insert.setObject(3, Sql.utc(Instant.now()));
      insert.executeUpdate();
    }
    return new Stream(gatewayId, epoch, 0, 0);
  }

  private static Set<Long> storedSeqs(
      Connection connection, String gatewayId, long epoch, long fromSeq, long toSeq)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq FROM record WHERE gateway_id = ? AND epoch = ? AND seq BETWEEN ? AND ?")) {
      select.setString(1, gatewayId);
      select.setLong(2, epoch);
      select.setLong(3, fromSeq);
      select.setLong(4, toSeq);
      Set<Long> seqs = new HashSet<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          seqs.add(rows.getLong(1));
        }
      }
      return seqs;
    }
  }

  private static void insertRecord(
      Connection connection, String gatewayId, long epoch, Record record, Instant receivedAt)
      throws SQLException {
    RecordSummary summary = RecordSummary.of(record);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO record (gateway_id, epoch, seq, kind, device_id, source_time, payload,"
                + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, gatewayId);
      insert.setLong(2, epoch);
      insert.setLong(3, record.getSeq());
      insert.setString(4, summary.kind());
      insert.setString(5, summary.deviceId().orElse(null));
      insert.setObject(6, summary.sourceTime().map(Sql::utc).orElse(null));
      insert.setBytes(7, record.toByteArray());
      insert.setObject(8, Sql.utc(receivedAt));
      insert.executeUpdate();
    }
  }

  private static StoredReading insertReading(
      Connection connection, String gatewayId, long epoch, Record record) throws SQLException {
    Reading reading = record.getReading();
    StoredReading stored = StoredReading.of(gatewayId, reading);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO reading (gateway_id, epoch, seq, device_id, metric, source_time,"
                + " value_type, num_value, text_value, unit, quality, quality_reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, gatewayId);
      insert.setLong(2, epoch);
      insert.setLong(3, record.getSeq());
      insert.setString(4, stored.deviceId());
      insert.setString(5, stored.metric());
      insert.setObject(6, Sql.utc(stored.sourceTime()));
      insert.setString(7, stored.value().typeName());
      insert.setObject(8, numberColumn(stored.value()));
      insert.setString(9, textColumn(stored.value()));
      insert.setString(10, stored.unit());
      insert.setString(11, stored.quality().name());
      insert.setString(12, stored.qualityReason());
      insert.executeUpdate();
    }
    return stored;
  }

  private static Double numberColumn(MetricValue value) {
    if (value instanceof MetricValue.Decimal decimal) {
      return decimal.value();
    }
    if (value instanceof MetricValue.WholeNumber whole) {
      return (double) whole.value();
    }
    return null;
  }

  private static String textColumn(MetricValue value) {
    if (value instanceof MetricValue.WholeNumber whole) {
      return Long.toString(whole.value()); // exact beyond 2^53, unlike the double column
    }
    if (value instanceof MetricValue.Flag flag) {
      return Boolean.toString(flag.value());
    }
    if (value instanceof MetricValue.Text text) {
      return text.value();
    }
    return null;
  }

  /** Walks the stored seqs after {@code fromSeq} while they are contiguous. */
  private static long contiguousUpTo(
      Connection connection, String gatewayId, long epoch, long fromSeq) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq FROM record WHERE gateway_id = ? AND epoch = ? AND seq > ?"
                + " ORDER BY seq")) {
      select.setString(1, gatewayId);
      select.setLong(2, epoch);
      select.setLong(3, fromSeq);
      select.setFetchSize(500);
      long upto = fromSeq;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next() && rows.getLong(1) == upto + 1) {
          upto++;
        }
      }
      return upto;
    }
  }

  private static void updateStream(
      Connection connection, Stream stream, long uptoSeq, boolean gap, Instant now)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE gateway_stream SET upto_seq = ?, gap_count = ?, updated_at = ?"
                + " WHERE gateway_id = ? AND epoch = ?")) {
      update.setLong(1, uptoSeq);
      update.setLong(2, stream.gapCount() + (gap ? 1 : 0));
      update.setObject(3, Sql.utc(now));
      update.setString(4, stream.gatewayId());
      update.setLong(5, stream.epoch());
      update.executeUpdate();
    }
  }

  @Override
  public List<StoredReading> latestReadings() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT gateway_id, device_id, metric, source_time, value_type, num_value,"
                          + " text_value, unit, quality, quality_reason FROM ("
                          + " SELECT r.*, ROW_NUMBER() OVER (PARTITION BY gateway_id, device_id,"
                          + " metric ORDER BY source_time DESC, epoch DESC, seq DESC) AS rank_no"
                          + " FROM reading r) latest WHERE rank_no = 1");
              ResultSet rows = select.executeQuery()) {
            List<StoredReading> readings = new ArrayList<>();
            while (rows.next()) {
              readings.add(readingFrom(rows));
            }
            return readings;
          }
        });
  }

  private static StoredReading readingFrom(ResultSet row) throws SQLException {
    Object number = row.getObject(6);
    return new StoredReading(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        Sql.instant(row.getObject(4)),
        MetricValue.fromColumns(
            row.getString(5),
            number == null ? null : ((Number) number).doubleValue(),
            row.getString(7)),
        row.getString(8),
        ReadingQuality.valueOf(row.getString(9)),
        row.getString(10) == null ? "" : row.getString(10));
  }

  private record Stream(String gatewayId, long epoch, long uptoSeq, long gapCount) {}
}
