package io.campusedge.hub.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The {@code stored_range} table: seqs of a stream stored beyond its high-water mark, that is
 * beyond a hole the gateway has not filled yet. A reading keeps no row of its own in {@code record}
 * and the {@code reading} table has no key on (gateway, epoch, seq), so these ranges are what tells
 * a resent record above the mark from a new one; at or below the mark every record is a duplicate.
 * Written only when a batch lands beyond a hole (rare: a gateway resending after a lost batch), and
 * a stream's ranges go once its mark passes them. Read and written under the stream's row lock.
 */
final class StoredRanges {
  private StoredRanges() {}

  /** Ranges of the stream that end after {@code fromSeq}, in seq order. */
  static Deque<SeqRanges.Range> after(
      Connection connection, String gatewayId, long epoch, long fromSeq) throws SQLException {
    return SeqRanges.after(connection, "stored_range", gatewayId, epoch, fromSeq);
  }

  /** Ranges of the stream that overlap {@code fromSeq..toSeq}. */
  static List<SeqRanges.Range> overlapping(
      Connection connection, String gatewayId, long epoch, long fromSeq, long toSeq)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT first_seq, last_seq FROM stored_range"
                + " WHERE gateway_id = ? AND epoch = ? AND last_seq >= ? AND first_seq <= ?")) {
      select.setString(1, gatewayId);
      select.setLong(2, epoch);
      select.setLong(3, fromSeq);
      select.setLong(4, toSeq);
      List<SeqRanges.Range> ranges = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ranges.add(new SeqRanges.Range(rows.getLong(1), rows.getLong(2)));
        }
      }
      return ranges;
    }
  }

  /**
   * Settles the stream's ranges at its new high-water mark: drops those it has passed (only when
   * {@code hadRanges}) and adds the seqs stored in this transaction that lie beyond it.
   */
  static void settle(
      Connection connection,
      String gatewayId,
      long epoch,
      long uptoSeq,
      boolean hadRanges,
      List<SeqRanges.Range> storedBeyond)
      throws SQLException {
    if (hadRanges) {
      try (PreparedStatement delete =
          connection.prepareStatement(
              "DELETE FROM stored_range WHERE gateway_id = ? AND epoch = ? AND last_seq <= ?")) {
        delete.setString(1, gatewayId);
        delete.setLong(2, epoch);
        delete.setLong(3, uptoSeq);
        delete.executeUpdate();
      }
    }
    if (storedBeyond.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO stored_range (gateway_id, epoch, first_seq, last_seq)"
                + " VALUES (?, ?, ?, ?)")) {
      for (SeqRanges.Range range : storedBeyond) {
        insert.setString(1, gatewayId);
        insert.setLong(2, epoch);
        insert.setLong(3, range.first());
        insert.setLong(4, range.last());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
