package io.campusedge.hub.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Inclusive ranges of a stream's seqs, as kept in {@code evicted_range} and {@code stored_range}
 * (same columns), and the walk of a stream's high-water mark through them.
 */
final class SeqRanges {
  private SeqRanges() {}

  /** One range, inclusive. */
  record Range(long first, long last) {
    boolean contains(long seq) {
      return first <= seq && seq <= last;
    }
  }

  /** The table's ranges of the stream that end after {@code fromSeq}, in seq order. */
  static Deque<Range> after(
      Connection connection, String table, String gatewayId, long epoch, long fromSeq)
      throws SQLException {
    Deque<Range> ranges = new ArrayDeque<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT first_seq, last_seq FROM "
                + table
                + " WHERE gateway_id = ? AND epoch = ? AND last_seq > ? ORDER BY first_seq")) {
      select.setString(1, gatewayId);
      select.setLong(2, epoch);
      select.setLong(3, fromSeq);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ranges.add(new Range(rows.getLong(1), rows.getLong(2)));
        }
      }
    }
    return ranges;
  }

  /** Extends {@code upto} through every range that starts at or before {@code upto + 1}. */
  static long absorb(long upto, Deque<Range> ranges) {
    while (!ranges.isEmpty() && ranges.peekFirst().first() <= upto + 1) {
      upto = Math.max(upto, ranges.removeFirst().last());
    }
    return upto;
  }

  /** The seqs above {@code above} as the fewest ranges, in seq order. */
  static List<Range> spans(Collection<Long> seqs, long above) {
    long[] sorted = seqs.stream().mapToLong(Long::longValue).filter(seq -> seq > above).toArray();
    Arrays.sort(sorted);
    List<Range> spans = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= sorted.length; i++) {
      if (i == sorted.length || sorted[i] != sorted[i - 1] + 1) {
        spans.add(new Range(sorted[start], sorted[i - 1]));
        start = i;
      }
    }
    return spans;
  }

  /** Every range of the lists, in order of first seq: what {@link #absorb} walks. */
  static Deque<Range> merged(List<Collection<Range>> lists) {
    List<Range> all = new ArrayList<>();
    lists.forEach(all::addAll);
    all.sort(Comparator.comparingLong(Range::first));
    return new ArrayDeque<>(all);
  }
}
