package io.campusedge.agent.internal.health;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Connects and published records since the agent started, and the publish rate of the last minute.
 */
public final class UplinkCounters {
  private static final long WINDOW_NANOS = 60_000_000_000L;

  private final LongSupplier nanoTime;
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong recordsPublished = new AtomicLong();
  private final AtomicLong acks = new AtomicLong();
  // (nanos, records) per published batch within the window; guarded by itself.
  private final Deque<long[]> recent = new ArrayDeque<>();

  public UplinkCounters() {
    this(System::nanoTime);
  }

  UplinkCounters(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  public void connected() {
    connects.incrementAndGet();
  }

  public void batchPublished(int records) {
    recordsPublished.addAndGet(records);
    long now = nanoTime.getAsLong();
    synchronized (recent) {
      recent.addLast(new long[] {now, records});
      trim(now);
    }
  }

  public void ackReceived() {
    acks.incrementAndGet();
  }

  /** Acks from the hub since start: a new version confirms its update after the first. */
  public long acksReceived() {
    return acks.get();
  }

  /** Successful connects after the first. */
  public long reconnects() {
    return Math.max(0, connects.get() - 1);
  }

  public long recordsPublished() {
    return recordsPublished.get();
  }

  /** Records per second over the last minute. */
  public double ratePerSecond() {
    long now = nanoTime.getAsLong();
    synchronized (recent) {
      trim(now);
      long sum = recent.stream().mapToLong(entry -> entry[1]).sum();
      return sum / (WINDOW_NANOS / 1e9);
    }
  }

  private void trim(long now) {
    while (!recent.isEmpty() && now - recent.peekFirst()[0] > WINDOW_NANOS) {
      recent.removeFirst();
    }
  }
}
