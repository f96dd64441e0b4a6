package io.campusedge.agent.internal.uplink;

import com.google.protobuf.CodedOutputStream;
import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.agent.internal.outbox.StoredRecord;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.SeqRange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
  private static final int RECORDS_FIELD = Batch.RECORDS_FIELD_NUMBER;
  private static final int SENT_TIME_FIELD = Batch.SENT_TIME_MS_FIELD_NUMBER;
  private static final int EVICTED_FIELD = Batch.EVICTED_FIELD_NUMBER;

  private final Outbox outbox;
  private final Publisher publisher;
  private final String topic;
  private final byte[] headerBytes;
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
    this.outbox = outbox;
    this.publisher = publisher;
    this.topic = topic;
    this.headerBytes =
        header.toBuilder().clearRecords().clearSentTimeMs().clearEvicted().build().toByteArray();
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
    publisher.publish(topic, encode(records, evicted), false);
    onBatchSent.accept(records.size());
    if (unacknowledgedBatchEnds.isEmpty()) {
      lastProgressNanos = nanoTime.getAsLong();
    }
    unacknowledgedBatchEnds.addLast(last);
    sentUpTo = last;
    log.debug("Sent batch seq {}..{} ({} records)", records.get(0).seq(), last, records.size());
  }

  /**
   * The {@link Batch} wire format written directly: a stored row already is an encoded {@link
   * Record}, so it is copied as the bytes of a {@code records} field instead of being parsed and
   * encoded again (the same bytes {@code Batch.toByteArray()} would give).
   */
  private byte[] encode(List<StoredRecord> records, List<EvictedRange> evicted) {
    long sentTimeMs = wall.millis();
    List<SeqRange> ranges = new ArrayList<>(evicted.size());
    int size = headerBytes.length;
    if (sentTimeMs != 0) {
      size += CodedOutputStream.computeInt64Size(SENT_TIME_FIELD, sentTimeMs);
    }
    for (StoredRecord record : records) {
      size += CodedOutputStream.computeByteArraySize(RECORDS_FIELD, record.payload());
    }
    for (EvictedRange range : evicted) {
      SeqRange seqRange =
          SeqRange.newBuilder().setFirst(range.first()).setLast(range.last()).build();
      ranges.add(seqRange);
      size += CodedOutputStream.computeMessageSize(EVICTED_FIELD, seqRange);
    }
    byte[] bytes = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeRawBytes(headerBytes);
      for (StoredRecord record : records) {
        out.writeByteArray(RECORDS_FIELD, record.payload());
      }
      if (sentTimeMs != 0) {
        out.writeInt64(SENT_TIME_FIELD, sentTimeMs);
      }
      for (SeqRange range : ranges) {
        out.writeMessage(EVICTED_FIELD, range);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("batch encoding miscounted its size", e);
    }
    return bytes;
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
