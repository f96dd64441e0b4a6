package io.campusedge.agent.internal.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens an outbox file read-only for the technician CLI ({@code outbox stats}, {@code outbox
 * export}, {@code doctor}). Unlike {@link H2Outbox#open} it never creates, moves aside or changes a
 * file, so it is safe on a broken gateway; while the agent runs, H2's file lock makes it fail with
 * {@link OutboxInUseException}.
 */
public final class OutboxReader implements AutoCloseable {
  // H2 error code 90020 DATABASE_ALREADY_OPEN_1: another process holds the file lock.
  private static final int DATABASE_ALREADY_OPEN = 90020;
  private static final int PAGE_CHUNKS = 16;

  private final Connection connection;
  private final Path file;
  private final long corruptFilesKept;

  private OutboxReader(Connection connection, Path file, long corruptFilesKept) {
    this.connection = connection;
    this.file = file;
    this.corruptFilesKept = corruptFilesKept;
  }

  /** The agent's outbox: {@code {dataDir}/outbox.mv.db}. */
  public static Path liveFile(Path dataDir) {
    return dataDir.resolve("outbox.mv.db");
  }

  /** Opens {@code dataDir/outbox.mv.db} read-only. */
  public static OutboxReader open(Path dataDir) throws OutboxException {
    Path file = liveFile(dataDir);
    long kept = countCorrupt(dataDir);
    if (!Files.exists(file)) {
      throw new OutboxException("there is no outbox file " + file + " (nothing stored yet?)");
    }
    Path base = dataDir.resolve("outbox").toAbsolutePath();
    String url =
        "jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE;DB_CLOSE_ON_EXIT=FALSE";
    try {
      Connection connection = DriverManager.getConnection(url, "sa", "");
      connection.setReadOnly(true);
      return new OutboxReader(connection, file, kept);
    } catch (SQLException e) {
      if (inUse(e)) {
        throw new OutboxInUseException(
            "the outbox " + file + " is in use by the running agent (H2 file lock)", e);
      }
      if (CorruptOutboxFiles.isCorruption(e)) {
        throw new CorruptOutboxException("the outbox " + file + " is corrupt: " + reason(e), e);
      }
      throw new OutboxException("the outbox " + file + " cannot be opened: " + reason(e), e);
    }
  }

  private static boolean inUse(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == DATABASE_ALREADY_OPEN) {
        return true;
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("already in use") || message.contains("locked by another process")) {
        return true;
      }
    }
    return false;
  }

  private static String reason(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static long countCorrupt(Path dataDir) {
    if (!Files.isDirectory(dataDir)) {
      return 0;
    }
    try {
      return new CorruptOutboxFiles(dataDir.resolve("outbox")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  public Path file() {
    return file;
  }

  /** Per lane what waits for the hub's ack, with the file's epoch and kept corrupt files. */
  public OutboxSnapshot snapshot() throws OutboxException {
    try {
      long epoch = meta("epoch");
      Map<Lane, OutboxSnapshot.LaneSnapshot> lanes = new EnumMap<>(Lane.class);
      for (Lane lane : Lane.values()) {
        lanes.put(lane, OutboxSnapshot.LaneSnapshot.empty(meta("evicted_" + lane.column())));
      }
      long acked = meta("acked_seq");
      for (String sql : snapshotQueries()) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          select.setLong(1, acked);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              Lane lane = Lane.fromColumn(rs.getString(1));
              lanes.put(lane, add(lanes.get(lane), rs));
            }
          }
        }
      }
      for (StoredRecord record : partlyAcked(acked)) {
        lanes.put(record.lane(), add(lanes.get(record.lane()), record));
      }
      return new OutboxSnapshot(file, epoch, lanes, corruptFilesKept);
    } catch (SQLException e) {
      throw new OutboxException("the outbox " + file + " cannot be read: " + reason(e), e);
    }
  }

  /**
   * Per-lane sums over the chunks after the acked seq, and over the rows of the table from before
   * chunks ({@code pending}) when the agent has not opened the file since its upgrade.
   */
  private List<String> snapshotQueries() throws SQLException {
    List<String> queries = new ArrayList<>();
    if (hasTable("CHUNK")) {
      queries.add(
          "SELECT lane, SUM(records), SUM(bytes), MIN(first_seq), MAX(last_seq), MIN(oldest_ms),"
              + " MAX(newest_ms) FROM chunk WHERE first_seq > ? GROUP BY lane");
    }
    if (hasTable("PENDING")) {
      queries.add(
          "SELECT lane, COUNT(*), SUM(OCTET_LENGTH(payload)), MIN(seq), MAX(seq),"
              + " MIN(created_ms), MAX(created_ms) FROM pending WHERE seq > ? GROUP BY lane");
    }
    return queries;
  }

  /** The unacknowledged records of the chunk the last ack cut through, if any. */
  private List<StoredRecord> partlyAcked(long acked) throws SQLException {
    if (!hasTable("CHUNK")) {
      return List.of();
    }
    List<StoredRecord> records = new ArrayList<>();
    for (Chunk chunk : ChunkTable.spanning(connection, acked)) {
      chunk.records().stream().filter(r -> r.seq() > acked).forEach(records::add);
    }
    return records;
  }

  private static OutboxSnapshot.LaneSnapshot add(OutboxSnapshot.LaneSnapshot lane, ResultSet rs)
      throws SQLException {
    return merge(
        lane,
        new OutboxSnapshot.LaneSnapshot(
            rs.getLong(2),
            rs.getLong(3),
            Optional.of(rs.getLong(4)),
            Optional.of(rs.getLong(5)),
            Optional.of(rs.getLong(6)),
            Optional.of(rs.getLong(7)),
            0));
  }

  private static OutboxSnapshot.LaneSnapshot add(
      OutboxSnapshot.LaneSnapshot lane, StoredRecord record) {
    return merge(
        lane,
        new OutboxSnapshot.LaneSnapshot(
            1,
            record.payload().length,
            Optional.of(record.seq()),
            Optional.of(record.seq()),
            Optional.of(record.createdMs()),
            Optional.of(record.createdMs()),
            0));
  }

  private static OutboxSnapshot.LaneSnapshot merge(
      OutboxSnapshot.LaneSnapshot a, OutboxSnapshot.LaneSnapshot b) {
    return new OutboxSnapshot.LaneSnapshot(
        a.pendingRecords() + b.pendingRecords(),
        a.pendingBytes() + b.pendingBytes(),
        pick(a.oldestSeq(), b.oldestSeq(), Math::min),
        pick(a.newestSeq(), b.newestSeq(), Math::max),
        pick(a.oldestCreatedMs(), b.oldestCreatedMs(), Math::min),
        pick(a.newestCreatedMs(), b.newestCreatedMs(), Math::max),
        a.evicted() + b.evicted());
  }

  private static Optional<Long> pick(
      Optional<Long> a, Optional<Long> b, java.util.function.BinaryOperator<Long> which) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : Optional.of(which.apply(a.get(), b.get()));
  }

  private boolean hasTable(String name) throws SQLException {
    return ChunkTable.tableExists(connection, name);
  }

  private long meta(String name) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT val FROM meta WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    } catch (SQLException e) {
      // A file from before the eviction counters has no such row or table.
      if (e.getErrorCode() == 42104 || e.getErrorCode() == 42102) {
        return 0L;
      }
      throw e;
    }
  }

  /** Receives pending records in seq order. */
  @FunctionalInterface
  public interface RecordVisitor {
    void visit(StoredRecord record) throws IOException;
  }

  /**
   * Hands every pending record with seq &gt; {@code afterSeq} (of {@code lane} when given) to
   * {@code visitor}, in seq order, a page at a time; returns how many. Deletes nothing.
   */
  public long forEachPending(Optional<Lane> lane, long afterSeq, RecordVisitor visitor)
      throws OutboxException, IOException {
    try {
      long after = Math.max(afterSeq, meta("acked_seq"));
      long count = 0;
      // An upgraded file not yet opened by the agent: its chunks (if a move was cut short) hold
      // the lower seqs, the old table the rest.
      if (hasTable("CHUNK")) {
        while (true) {
          List<Chunk> page = ChunkTable.page(connection, after, Long.MAX_VALUE, lane, PAGE_CHUNKS);
          for (Chunk chunk : page) {
            for (StoredRecord record : chunk.records()) {
              if (record.seq() > after) {
                visitor.visit(record);
                count++;
              }
            }
            after = chunk.lastSeq();
          }
          if (page.size() < PAGE_CHUNKS) {
            break;
          }
        }
      }
      if (hasTable("PENDING")) {
        count += forEachOldRow(lane, after, visitor);
      }
      return count;
    } catch (SQLException e) {
      throw new OutboxException("the outbox " + file + " cannot be read: " + reason(e), e);
    }
  }

  private long forEachOldRow(Optional<Lane> lane, long afterSeq, RecordVisitor visitor)
      throws SQLException, IOException {
    String sql =
        "SELECT seq, lane, created_ms, payload FROM pending WHERE seq > ?"
            + (lane.isPresent() ? " AND lane = ?" : "")
            + " ORDER BY seq LIMIT 1000";
    long count = 0;
    long after = afterSeq;
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      while (true) {
        select.setLong(1, after);
        if (lane.isPresent()) {
          select.setString(2, lane.get().column());
        }
        int page = 0;
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            StoredRecord record =
                new StoredRecord(
                    rs.getLong(1), Lane.fromColumn(rs.getString(2)), rs.getLong(3), rs.getBytes(4));
            visitor.visit(record);
            after = record.seq();
            page++;
          }
        }
        count += page;
        if (page == 0) {
          return count;
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Read-only: nothing to lose when closing fails.
    }
  }
}
