package io.campusedge.agent.internal.outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest durable records of this process, in memory, so the uplink sends what was just stored
 * without reading it back from H2. Holds one run of consecutive seqs ending at the newest durable
 * seq, at most {@code maxBytes}; older records drop off the front and are read from the file, as is
 * everything after a restart. Not thread-safe: the outbox guards it.
 */
final class RecentRecords {
  // Rough heap cost of a StoredRecord, its array header and its deque slot beside the payload.
  private static final int OVERHEAD_BYTES = 96;

  private final long maxBytes;
  private final Deque<StoredRecord> records = new ArrayDeque<>();
  private long bytes;

  RecentRecords(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Appends a just-forced group; one that does not follow the last seq starts a new run. */
  void addDurable(List<StoredRecord> group) {
    if (group.isEmpty() || maxBytes <= 0) {
      return;
    }
    if (!records.isEmpty() && records.peekLast().seq() + 1 != group.get(0).seq()) {
      clear();
    }
    for (StoredRecord record : group) {
      records.addLast(record);
      bytes += cost(record);
    }
    while (bytes > maxBytes && !records.isEmpty()) {
      bytes -= cost(records.removeFirst());
    }
  }

  /**
   * Up to {@code limit} records after {@code afterSeq} when this run holds the very next seq (or
   * the caller is already past its end); empty when the file must be read instead.
   */
  Optional<List<StoredRecord>> after(long afterSeq, int limit) {
    if (records.isEmpty() || records.peekFirst().seq() > afterSeq + 1) {
      return Optional.empty();
    }
    List<StoredRecord> found = new ArrayList<>(Math.min(limit, records.size()));
    if (records.peekLast().seq() <= afterSeq) {
      return Optional.of(found);
    }
    long skip = afterSeq + 1 - records.peekFirst().seq();
    Iterator<StoredRecord> it = records.iterator();
    for (long i = 0; i < skip; i++) {
      it.next();
    }
    while (it.hasNext() && found.size() < limit) {
      found.add(it.next());
    }
    return Optional.of(found);
  }

  /**
   * The records up to {@code seq} and their payload bytes per lane, when this run accounts for
   * every row in ({@code floor}, {@code seq}]; the rows are then dropped from memory.
   */
  Optional<AckedRows> takeUpTo(long floor, long seq) {
    if (records.isEmpty() || records.peekFirst().seq() > floor + 1) {
      dropUpTo(seq);
      return Optional.empty();
    }
    Map<Lane, Long> acked = new EnumMap<>(Lane.class);
    long count = 0;
    while (!records.isEmpty() && records.peekFirst().seq() <= seq) {
      StoredRecord record = records.removeFirst();
      bytes -= cost(record);
      if (record.seq() > floor) {
        acked.merge(record.lane(), (long) record.payload().length, Long::sum);
        count++;
      }
    }
    return Optional.of(new AckedRows(count, acked));
  }

  void dropUpTo(long seq) {
    while (!records.isEmpty() && records.peekFirst().seq() <= seq) {
      bytes -= cost(records.removeFirst());
    }
  }

  /** After eviction deleted rows: the file is the truth again. */
  void clear() {
    records.clear();
    bytes = 0;
  }

  int size() {
    return records.size();
  }

  private static long cost(StoredRecord record) {
    return record.payload().length + OVERHEAD_BYTES;
  }
}
