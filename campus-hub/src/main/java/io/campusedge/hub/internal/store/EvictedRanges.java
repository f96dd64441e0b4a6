package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.SeqRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Deque;
import java.util.List;

/**
 * The {@code evicted_range} table: seqs a gateway evicted by its counted policy. They will never
 * arrive, so the contiguous walk steps over them instead of stalling the gateway's ack.
 */
final class EvictedRanges {
  private EvictedRanges() {}

  /** Stores the batch's ranges not stored yet (a resent batch carries them again). */
  static void record(Connection connection, String gatewayId, long epoch, List<SeqRange> ranges)
      throws SQLException {
    if (ranges.isEmpty()) {
      return;
    }
    try (PreparedStatement exists =
            connection.prepareStatement(
                "SELECT 1 FROM evicted_range WHERE gateway_id = ? AND epoch = ? AND first_seq = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO evicted_range (gateway_id, epoch, first_seq, last_seq)"
                    + " VALUES (?, ?, ?, ?)")) {
      for (SeqRange range : ranges) {
        if (range.getFirst() < 1 || range.getLast() < range.getFirst()) {
          continue;
        }
        exists.setString(1, gatewayId);
        exists.setLong(2, epoch);
        exists.setLong(3, range.getFirst());
        try (ResultSet row = exists.executeQuery()) {
          if (row.next()) {
            continue;
          }
        }
        insert.setString(1, gatewayId);
        insert.setLong(2, epoch);
        insert.setLong(3, range.getFirst());
        insert.setLong(4, range.getLast());
        insert.executeUpdate();
      }
    }
  }

  /** Evicted ranges that end after {@code fromSeq}, in seq order. */
  static Deque<SeqRanges.Range> after(
      Connection connection, String gatewayId, long epoch, long fromSeq) throws SQLException {
    return SeqRanges.after(connection, "evicted_range", gatewayId, epoch, fromSeq);
  }
}
