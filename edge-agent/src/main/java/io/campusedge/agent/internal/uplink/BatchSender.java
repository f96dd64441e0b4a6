package io.campusedge.agent.internal.uplink;

import com.google.protobuf.InvalidProtocolBufferException;
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
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox in seq order as batches, keeping at most {@code window} batches waiting for the
 * hub's ack. Without ack progress for {@code ackTimeout}, or after a reconnect, it starts again
 * after the last acknowledged seq. Used by one thread only.
 */
final class BatchSender {
  private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

  private final Outbox outbox;
  private final Publisher publisher;
  private final String topic;
  private final Batch header;
  private final int maxBatchRecords;
  private final int window;
  private final long ackTimeoutNanos;
  private final Clock wall;
  private final LongSupplier nanoTime;

  private final Deque<Long> unacknowledgedBatchEnds = new ArrayDeque<>();
  private long ackedUpTo;
  private long sentUpTo;
  private long lastProgressNanos;

  BatchSender(
      Outbox outbox,
      Publisher publisher,
      String topic,
      Batch header,
      int maxBatchRecords,
      int window,
      Duration ackTimeout,
      Clock wall,
      LongSupplier nanoTime) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.topic = topic;
    this.header = header;
    this.maxBatchRecords = maxBatchRecords;
    this.window = window;
    this.ackTimeoutNanos = ackTimeout.toNanos();
    this.wall = wall;
    this.nanoTime = nanoTime;
  }

  /** After every connect: whatever was in flight may be lost, so start after the last ack. */
  void restartFromLastAck() {
    sentUpTo = ackedUpTo;
    unacknowledgedBatchEnds.clear();
    lastProgressNanos = nanoTime.getAsLong();
  }

  /** Publishes batches while the window has room and the outbox has unsent records. */
  void fill() throws OutboxException, UplinkException {
    while (unacknowledgedBatchEnds.size() < window) {
      List<StoredRecord> records = outbox.pendingAfter(sentUpTo, maxBatchRecords);
      if (records.isEmpty()) {
        return;
      }
      Batch batch = batchOf(records);
      publisher.publish(topic, batch.toByteArray(), false);
      long last = records.get(records.size() - 1).seq();
      if (unacknowledgedBatchEnds.isEmpty()) {
        lastProgressNanos = nanoTime.getAsLong();
      }
      unacknowledgedBatchEnds.addLast(last);
      sentUpTo = last;
      log.debug("Sent batch seq {}..{}", records.get(0).seq(), last);
    }
  }

  private Batch batchOf(List<StoredRecord> records) throws OutboxException {
    Batch.Builder batch = header.toBuilder().setSentTimeMs(wall.millis());
    for (StoredRecord record : records) {
      try {
        batch.addRecords(record.toRecord());
      } catch (InvalidProtocolBufferException e) {
        throw new OutboxException("outbox row seq " + record.seq() + " is not a Record", e);
      }
    }
    return batch.build();
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
}
