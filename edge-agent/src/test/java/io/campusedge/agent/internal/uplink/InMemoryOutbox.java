package io.campusedge.agent.internal.uplink;

import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.StoredRecord;
import io.campusedge.protos.v1.Record;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongConsumer;

/** An {@link Outbox} that behaves like the H2 one, minus the disk. */
final class InMemoryOutbox implements Outbox {
  private final ConcurrentSkipListMap<Long, StoredRecord> pending = new ConcurrentSkipListMap<>();
  private final Clock clock;
  private final List<EvictedRange> evicted = new ArrayList<>();
  private long nextSeq = 1;

  InMemoryOutbox(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long epoch() {
    return 42;
  }

  @Override
  public synchronized CompletableFuture<Long> append(Lane lane, Record record) {
    long seq = nextSeq++;
    byte[] payload = record.toBuilder().setSeq(seq).build().toByteArray();
    pending.put(seq, new StoredRecord(seq, lane, clock.millis(), payload));
    return CompletableFuture.completedFuture(seq);
  }

  @Override
  public CompletableFuture<Void> flush() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public List<StoredRecord> pendingAfter(long afterSeq, int limit) {
    List<StoredRecord> records = new ArrayList<>();
    for (Map.Entry<Long, StoredRecord> entry : pending.tailMap(afterSeq, false).entrySet()) {
      if (records.size() == limit) {
        break;
      }
      records.add(entry.getValue());
    }
    return records;
  }

  /** What the H2 outbox's eviction does: rows gone, their range remembered until acked. */
  synchronized void evict(long first, long last) {
    pending.subMap(first, true, last, true).clear();
    evicted.add(new EvictedRange(first, last));
  }

  @Override
  public synchronized List<EvictedRange> evictedBetween(long afterSeq, long upToSeq) {
    return evicted.stream().filter(r -> r.last() > afterSeq && r.first() <= upToSeq).toList();
  }

  @Override
  public int ackUpTo(long epoch, long seq) {
    int before = pending.size();
    pending.headMap(seq, true).clear();
    synchronized (this) {
      evicted.removeIf(r -> r.last() <= seq);
    }
    return before - pending.size();
  }

  @Override
  public OutboxStatus stats() {
    return new OutboxStatus(epoch(), pending.size(), 0, Optional.empty(), 0, Map.of());
  }

  @Override
  public void onDurable(LongConsumer listener) {}

  @Override
  public void close() {}
}
