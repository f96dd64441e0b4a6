package io.campusedge.agent.internal.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Outbox files written before chunks (issue 6) kept one row per record in {@code pending}. On open
 * their rows move into chunks, in seq order, a bounded transaction at a time: each moves a run of
 * rows and deletes them from {@code pending} together, so a kill -9 in the middle leaves every
 * record in exactly one of the two tables and the next open carries on.
 */
final class PendingTableMigration {
  private static final int ROWS_PER_TRANSACTION = 5_000;

  private PendingTableMigration() {}

  /** Moves every {@code pending} row into chunks and drops the table; returns how many rows. */
  static long run(Connection connection) throws SQLException {
    if (!ChunkTable.tableExists(connection, "PENDING")) {
      return 0;
    }
    try (Statement st = connection.createStatement()) {
      // The oldest files have no thinned column; their rows were never thinned.
      st.execute(
          "ALTER TABLE pending ADD COLUMN IF NOT EXISTS thinned BOOLEAN DEFAULT FALSE NOT NULL");
    }
    connection.commit();
    long moved = 0;
    while (true) {
      List<Row> rows = nextRows(connection);
      if (rows.isEmpty()) {
        break;
      }
      List<Chunk> chunks = new ArrayList<>();
      for (Run run : runsOfEqualThinning(rows)) {
        chunks.addAll(Chunk.cut(run.records(), run.thinned()));
      }
      ChunkTable.insert(connection, chunks);
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM pending WHERE seq <= ?")) {
        delete.setLong(1, rows.get(rows.size() - 1).record().seq());
        delete.executeUpdate();
      }
      connection.commit();
      moved += rows.size();
    }
    try (Statement st = connection.createStatement()) {
      st.execute("DROP TABLE pending");
    }
    connection.commit();
    return moved;
  }

  private record Row(StoredRecord record, boolean thinned) {}

  private record Run(boolean thinned, List<StoredRecord> records) {}

  private static List<Row> nextRows(Connection connection) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT seq, lane, created_ms, payload, thinned FROM pending ORDER BY seq LIMIT "
                    + ROWS_PER_TRANSACTION)) {
      while (rs.next()) {
        StoredRecord record =
            new StoredRecord(
                rs.getLong(1), Lane.fromColumn(rs.getString(2)), rs.getLong(3), rs.getBytes(4));
        rows.add(new Row(record, rs.getBoolean(5)));
      }
    }
    return rows;
  }

  /** A chunk has one thinned flag, so rows with different flags go to different chunks. */
  private static List<Run> runsOfEqualThinning(List<Row> rows) {
    List<Run> runs = new ArrayList<>();
    for (Row row : rows) {
      if (runs.isEmpty() || runs.get(runs.size() - 1).thinned() != row.thinned()) {
        runs.add(new Run(row.thinned(), new ArrayList<>()));
      }
      runs.get(runs.size() - 1).records().add(row.record());
    }
    return runs;
  }
}
