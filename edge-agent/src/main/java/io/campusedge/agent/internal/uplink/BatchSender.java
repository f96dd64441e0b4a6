package io.campusedge.agent.internal.uplink;

import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.agent.internal.outbox.StoredRecord;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox in seq order as batches, keeping at most {@code window} batches waiting for the
 * hub's ack. A batch holds at most {@code maxBatchRecords} records and {@code maxBatchBytes} bytes
 * of records; one that is not full waits until its first record is {@code linger} old, so light
 * traffic shares messages. Without ack progress for {@code ackTimeout}, or after a reconnect, it
 * starts again after the last acknowledged seq. Used by one thread only.
 */
final class BatchSender {
  private static final Logger log = LoggerFactory.getLogger(BatchSender.class);
  // A record inside a Batch costs its length plus a tag and a length varint.
  private static final int RECORD_FRAMING_BYTES = 4;
  // Topic, batch header and MQTT fixed/variable header, generously.
  private static final long PACKET_OVERHEAD_BYTES = 1024;
  private static final long MIN_BATCH_BYTES = 1024;

  private final Outbox outbox;
  private final BatchPublisher batches;
  private final int maxBatchRecords;
  private final int maxBatchBytes;
  private final long lingerMs;
  private final int maxWindow;
  private final long ackTimeoutNanos;
  private final Clock wall;
  private final LongSupplier nanoTime;

  private final Deque<Long> unacknowledgedBatchEnds = new ArrayDeque<>();
  private long ackedUpTo;
  private long sentUpTo;
  private long lastProgressNanos;
  private int window;
  private int batchBytes;
  private long lingerUntilMs;
  private IntConsumer onBatchSent = records -> {};

  /** Sends native {@link Batch} messages on {@code topic}. */
  BatchSender(
      Outbox outbox,
      Publisher publisher,
      String topic,
      Batch header,
      int maxBatchRecords,
      int maxBatchBytes,
      Duration linger,
      int window,
      Duration ackTimeout,
      Clock wall,
      LongSupplier nanoTime) {
    this(
        outbox,
        new NativeBatches(publisher, topic, header, wall),
        maxBatchRecords,
        maxBatchBytes,
        linger,
        window,
        ackTimeout,
        wall,
        nanoTime);
  }

  /** Sends the records in whatever form {@code batches} gives them (Sparkplug B). */
  BatchSender(
      Outbox outbox,
      BatchPublisher batches,
      int maxBatchRecords,
      int maxBatchBytes,
      Duration linger,
      int window,
      Duration ackTimeout,
      Clock wall,
      LongSupplier nanoTime) {
    this.outbox = outbox;
    this.batches = batches;
    this.maxBatchRecords = maxBatchRecords;
    this.maxBatchBytes = maxBatchBytes;
    this.lingerMs = linger.toMillis();
    this.maxWindow = window;
    this.window = window;
    this.batchBytes = maxBatchBytes;
    this.ackTimeoutNanos = ackTimeout.toNanos();
    this.wall = wall;
    this.nanoTime = nanoTime;
  }

  /** Told the number of records of every batch published (for the publish rate). */
  void onBatchSent(IntConsumer listener) {
    this.onBatchSent = listener;
  }

  /**
   * After every connect, with what this connection's broker accepts: at most {@code allowed}
   * batches in flight, messages up to {@code maxPacketBytes}. Whatever was in flight may be lost,
   * so sending starts again after the last ack.
   */
  void restartFromLastAck(int allowed, long maxPacketBytes) {
    window = Math.max(1, Math.min(maxWindow, allowed));
    long packetRoom = Math.max(MIN_BATCH_BYTES, maxPacketBytes - PACKET_OVERHEAD_BYTES);
    batchBytes = (int) Math.min(maxBatchBytes, packetRoom);
    restartFromLastAck();
  }

  private void restartFromLastAck() {
    sentUpTo = ackedUpTo;
    unacknowledgedBatchEnds.clear();
    lastProgressNanos = nanoTime.getAsLong();
  }

  /** Publishes batches while the window has room and the outbox has records ready to go. */
  void fill() throws OutboxException, UplinkException {
    lingerUntilMs = 0;
    while (unacknowledgedBatchEnds.size() < window) {
      List<StoredRecord> pending = outbox.pendingAfter(sentUpTo, maxBatchRecords);
      if (pending.isEmpty()) {
        return;
      }
      List<StoredRecord> records = withinBytes(pending);
      boolean full = records.size() < pending.size() || pending.size() == maxBatchRecords;
      if (!full && stillLingering(records.get(0))) {
        return;
      }
      send(records);
    }
  }

  /** As many records as fit in {@code maxBatchBytes}, and always at least one. */
  private List<StoredRecord> withinBytes(List<StoredRecord> pending) {
    long bytes = 0;
    for (int i = 0; i < pending.size(); i++) {
      bytes += pending.get(i).payload().length + RECORD_FRAMING_BYTES;
      if (bytes > batchBytes && i > 0) {
        return pending.subList(0, i);
      }
    }
    return pending;
  }

  /** A clock that went back (negative age) ends the wait rather than stretching it. */
  private boolean stillLingering(StoredRecord first) {
    long age = wall.millis() - first.createdMs();
    if (age < 0 || age >= lingerMs) {
      return false;
    }
    lingerUntilMs = first.createdMs() + lingerMs;
    return true;
  }

  /** How long until a lingering batch is due; 0 when none is waiting. */
  long lingerRemainingMs() {
    return lingerUntilMs == 0 ? 0 : Math.max(1, lingerUntilMs - wall.millis());
  }

  private void send(List<StoredRecord> records) throws OutboxException, UplinkException {
    long last = records.get(records.size() - 1).seq();
    // Holes the outbox's eviction left up to this batch's end, so the hub's upto_seq passes them.
    List<EvictedRange> evicted = outbox.evictedBetween(sentUpTo, last);
    batches.publish(records, evicted);
    onBatchSent.accept(records.size());
    if (unacknowledgedBatchEnds.isEmpty()) {
      lastProgressNanos = nanoTime.getAsLong();
    }
    unacknowledgedBatchEnds.addLast(last);
    sentUpTo = last;
    log.debug("Sent batch seq {}..{} ({} records)", records.get(0).seq(), last, records.size());
  }

  void onAck(Ack ack) throws OutboxException {
    if (ack.getEpoch() != outbox.epoch()) {
      log.debug("Ignoring ack for epoch {} (ours is {})", ack.getEpoch(), outbox.epoch());
      return;
    }
    long upTo = ack.getUptoSeq();
    if (upTo <= ackedUpTo) {
      return;
    }
    outbox.ackUpTo(ack.getEpoch(), upTo);
    ackedUpTo = upTo;
    sentUpTo = Math.max(sentUpTo, upTo);
    while (!unacknowledgedBatchEnds.isEmpty() && unacknowledgedBatchEnds.peekFirst() <= upTo) {
      unacknowledgedBatchEnds.removeFirst();
    }
    lastProgressNanos = nanoTime.getAsLong();
  }

  /** Resends from the last ack when batches have waited too long for one. */
  void checkAckTimeout() {
    if (unacknowledgedBatchEnds.isEmpty()) {
      return;
    }
    if (nanoTime.getAsLong() - lastProgressNanos < ackTimeoutNanos) {
      return;
    }
    log.warn(
        "No ack from the hub for {} s; resending from seq {}",
        ackTimeoutNanos / 1_000_000_000L,
        ackedUpTo + 1);
    restartFromLastAck();
  }

  long ackedUpTo() {
    return ackedUpTo;
  }

  int window() {
    return window;
  }
}
