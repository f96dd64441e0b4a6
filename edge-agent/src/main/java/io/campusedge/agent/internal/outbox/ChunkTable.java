package io.campusedge.agent.internal.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQL of the {@code chunk} table, shared by the outbox, its eviction and the offline reader.
 * Chunks never overlap, so ordering them by {@code first_seq} orders their records by seq.
 */
final class ChunkTable {
  static final String CREATE =
      "CREATE TABLE IF NOT EXISTS chunk (first_seq BIGINT PRIMARY KEY,"
          + " last_seq BIGINT NOT NULL, lane VARCHAR(16) NOT NULL, records INT NOT NULL,"
          + " bytes BIGINT NOT NULL, oldest_ms BIGINT NOT NULL, newest_ms BIGINT NOT NULL,"
          + " thinned BOOLEAN DEFAULT FALSE NOT NULL, body VARBINARY NOT NULL)";

  private static final String INSERT =
      "INSERT INTO chunk (first_seq, last_seq, lane, records, bytes, oldest_ms, newest_ms,"
          + " thinned, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String COLUMNS = "first_seq, lane, thinned, body";

  /** Records, payload bytes and oldest creation time of one lane's unacknowledged records. */
  record LaneTotal(long records, long bytes, Optional<Long> oldestMs) {
    static final LaneTotal EMPTY = new LaneTotal(0, 0, Optional.empty());

    LaneTotal plus(long moreRecords, long moreBytes, long oldest) {
      long min = oldestMs.map(o -> Math.min(o, oldest)).orElse(oldest);
      return new LaneTotal(records + moreRecords, bytes + moreBytes, Optional.of(min));
    }
  }

  private ChunkTable() {}

  static void insert(Connection connection, List<Chunk> chunks) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (Chunk chunk : chunks) {
        insert.setLong(1, chunk.firstSeq());
        insert.setLong(2, chunk.lastSeq());
        insert.setString(3, chunk.lane().column());
        insert.setInt(4, chunk.records().size());
        insert.setLong(5, chunk.bytes());
        insert.setLong(6, chunk.oldestMs());
        insert.setLong(7, chunk.newestMs());
        insert.setBoolean(8, chunk.thinned());
        insert.setBytes(9, chunk.body());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Replaces a chunk by what is left of it (nothing: the row goes). */
  static void rewrite(Connection connection, long firstSeq, Optional<Chunk> left)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM chunk WHERE first_seq = ?")) {
      delete.setLong(1, firstSeq);
      delete.executeUpdate();
    }
    if (left.isPresent()) {
      insert(connection, List.of(left.get()));
    }
  }

  /**
   * Up to {@code maxChunks} chunks holding a seq in ({@code afterSeq}, {@code upToSeq}], of {@code
   * lane} when given, in seq order. The range on the primary key keeps H2 from reading the rest.
   */
  static List<Chunk> page(
      Connection connection, long afterSeq, long upToSeq, Optional<Lane> lane, int maxChunks)
      throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM chunk WHERE first_seq <= ? AND last_seq > ?"
            + (lane.isPresent() ? " AND lane = ?" : "")
            + " ORDER BY first_seq LIMIT ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int at = 1;
      select.setLong(at++, upToSeq);
      select.setLong(at++, afterSeq);
      if (lane.isPresent()) {
        select.setString(at++, lane.get().column());
      }
      select.setInt(at, maxChunks);
      return chunks(select);
    }
  }

  /** The keys of the chunks {@code where} selects (a condition on the columns), in seq order. */
  static List<Long> keys(Connection connection, String where) throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT first_seq FROM chunk WHERE " + where + " ORDER BY first_seq")) {
      while (rs.next()) {
        keys.add(rs.getLong(1));
      }
    }
    return keys;
  }

  static Optional<Chunk> byKey(Connection connection, long firstSeq) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM chunk WHERE first_seq = ?")) {
      select.setLong(1, firstSeq);
      List<Chunk> found = chunks(select);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  private static List<Chunk> chunks(PreparedStatement select) throws SQLException {
    List<Chunk> chunks = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        long firstSeq = rs.getLong(1);
        Lane lane = Lane.fromColumn(rs.getString(2));
        chunks.add(new Chunk(lane, rs.getBoolean(3), Chunk.decode(firstSeq, lane, rs.getBytes(4))));
      }
    }
    return chunks;
  }

  /** Whether the file has table {@code name} (upper case, as H2 keeps unquoted names). */
  static boolean tableExists(Connection connection, String name) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  static long maxSeq(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(last_seq), 0) FROM chunk")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Per lane, the records with seq in ({@code afterSeq}, {@code upToSeq}]: whole chunks from their
   * columns, the one or two chunks a bound cuts through decoded. Scans the primary key up to each
   * bound, which acks keep short.
   */
  static Map<Lane, LaneTotal> totals(Connection connection, long afterSeq, long upToSeq)
      throws SQLException {
    Map<Lane, LaneTotal> totals = new EnumMap<>(Lane.class);
    String whole =
        "SELECT lane, SUM(records), SUM(bytes), MIN(oldest_ms) FROM chunk"
            + " WHERE first_seq > ? AND last_seq <= ? GROUP BY lane";
    try (PreparedStatement select = connection.prepareStatement(whole)) {
      select.setLong(1, afterSeq);
      select.setLong(2, upToSeq);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          totals.put(
              Lane.fromColumn(rs.getString(1)),
              LaneTotal.EMPTY.plus(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        }
      }
    }
    Map<Long, Chunk> cut = new TreeMap<>();
    for (long bound : new long[] {afterSeq, upToSeq}) {
      if (bound == Long.MAX_VALUE) {
        continue;
      }
      for (Chunk chunk : spanning(connection, bound)) {
        cut.put(chunk.firstSeq(), chunk);
      }
    }
    for (Chunk chunk : cut.values()) {
      for (StoredRecord record : chunk.records()) {
        if (record.seq() > afterSeq && record.seq() <= upToSeq) {
          totals.merge(
              chunk.lane(),
              LaneTotal.EMPTY.plus(1, record.payload().length, record.createdMs()),
              ChunkTable::sum);
        }
      }
    }
    return totals;
  }

  /** The chunk (at most one) that holds records on both sides of {@code seq}. */
  static List<Chunk> spanning(Connection connection, long seq) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM chunk WHERE first_seq <= ? AND last_seq > ?")) {
      select.setLong(1, seq);
      select.setLong(2, seq);
      return chunks(select);
    }
  }

  private static LaneTotal sum(LaneTotal a, LaneTotal b) {
    return b.oldestMs().isEmpty() ? a : a.plus(b.records(), b.bytes(), b.oldestMs().get());
  }
}
