package io.campusedge.agent.internal.outbox;

import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.protos.v1.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent running when the disk is full. H2 fails the group commit with "No space left on
 * device" and closes its store; from then on telemetry is dropped and counted, card taps and
 * equipment events wait in a bounded queue in memory, and every {@code retryEvery} the outbox is
 * reopened and the held records written, oldest first, attendance before events. Writing resumes
 * when they are all stored, or, with nothing held, when the file system has {@code resumeFreeBytes}
 * free again.
 *
 * <p>Memory, not a pre-allocated reserve file: a reserve file only helps if H2 can be made to write
 * into the space it frees, and whatever else fills the disk (logs) may take that space first. The
 * price is that held records are lost if the gateway loses power while the disk is full; the
 * condition is in the gateway state and on the status page so it does not last.
 */
public final class DiskFullOutbox implements Outbox {
  private static final Logger log = LoggerFactory.getLogger(DiskFullOutbox.class);

  /** About 1 MiB of card taps: a whole school day of one reader many times over. */
  public static final int DEFAULT_HELD_LIMIT = 10_000;

  public static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);
  public static final long DEFAULT_RESUME_FREE_BYTES = 1L << 20;
  private static final long WRITE_WAIT_SECONDS = 30;

  /** Opens the real outbox again (same file, same epoch) after H2 closed it. */
  @FunctionalInterface
  public interface Opener {
    Outbox open() throws OutboxException;
  }

  private record Held(Lane lane, Record record) {}

  private final Opener opener;
  private final Path dataDir;
  private final Clock clock;
  private final int heldLimit;
  private final long resumeFreeBytes;
  private final ScheduledExecutorService retry;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private volatile Outbox inner;
  private volatile OutboxStatus lastStats;
  // Guarded by lock.
  private boolean broken;
  private Optional<OutboxStatus.DiskFull> full = Optional.empty();
  private final Deque<Held> held = new ArrayDeque<>();
  private final Map<Lane, Long> dropped = new EnumMap<>(Lane.class);
  private boolean closed;

  public DiskFullOutbox(Opener opener, Path dataDir, Clock clock, String name)
      throws OutboxException {
    this(
        opener, dataDir, clock, name, DEFAULT_HELD_LIMIT, DEFAULT_RETRY, DEFAULT_RESUME_FREE_BYTES);
  }

  public DiskFullOutbox(
      Opener opener,
      Path dataDir,
      Clock clock,
      String name,
      int heldLimit,
      Duration retryEvery,
      long resumeFreeBytes)
      throws OutboxException {
    this.opener = opener;
    this.dataDir = dataDir;
    this.clock = clock;
    this.heldLimit = heldLimit;
    this.resumeFreeBytes = resumeFreeBytes;
    this.inner = opener.open();
    this.lastStats = OutboxStatus.empty(inner.epoch());
    this.retry =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "campusedge-outbox-retry-" + name);
              thread.setDaemon(true);
              return thread;
            });
    long every = retryEvery.toMillis();
    retry.scheduleWithFixedDelay(this::recoverQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public long epoch() {
    return inner.epoch();
  }

  @Override
  public CompletableFuture<Long> append(Lane lane, Record record) {
    synchronized (lock) {
      if (full.isPresent()) {
        return whileFull(lane, record);
      }
    }
    CompletableFuture<Long> result = new CompletableFuture<>();
    inner
        .append(lane, record)
        .whenComplete(
            (seq, failure) -> {
              if (failure == null) {
                result.complete(seq);
                return;
              }
              Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
              noteFailure(cause);
              CompletableFuture<Long> instead;
              synchronized (lock) {
                if (full.isEmpty()) {
                  result.completeExceptionally(cause);
                  return;
                }
                instead = whileFull(lane, record);
              }
              instead.whenComplete(
                  (s, f) -> {
                    if (f == null) {
                      result.complete(s);
                    } else {
                      result.completeExceptionally(f);
                    }
                  });
            });
    return result;
  }

  /** Caller holds the lock. */
  private CompletableFuture<Long> whileFull(Lane lane, Record record) {
    if (lane == Lane.TELEMETRY) {
      dropped.merge(lane, 1L, Long::sum);
      return CompletableFuture.failedFuture(
          new DiskFullException("disk full: telemetry dropped (counted)", false));
    }
    if (held.size() >= heldLimit && !(lane == Lane.ATTENDANCE && dropOldestHeldEvent())) {
      dropped.merge(lane, 1L, Long::sum);
      log.error(
          "Disk full and {} records already held in memory: a {} record was dropped",
          held.size(),
          lane.column());
      return CompletableFuture.failedFuture(
          new DiskFullException(
              "disk full and the memory reserve is full: " + lane.column() + " record dropped",
              false));
    }
    held.addLast(new Held(lane, record));
    return CompletableFuture.failedFuture(
        new DiskFullException(
            "disk full: " + lane.column() + " record held in memory until space returns", true));
  }

  /** Attendance outranks events: a tap may take the place of the oldest held event. */
  private boolean dropOldestHeldEvent() {
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      if (it.next().lane() == Lane.EVENTS) {
        it.remove();
        dropped.merge(Lane.EVENTS, 1L, Long::sum);
        return true;
      }
    }
    return false;
  }

  private void noteFailure(Throwable failure) {
    boolean diskFull = StorageFailures.isDiskFull(failure);
    boolean storeClosed = StorageFailures.isStoreClosed(failure);
    synchronized (lock) {
      if (diskFull || storeClosed) {
        broken = true;
      }
      if (diskFull && full.isEmpty()) {
        full = Optional.of(new OutboxStatus.DiskFull(clock.instant(), "no space left on device"));
        log.error(
            "Disk full: the outbox in {} cannot be written. The agent keeps running: readings are"
                + " dropped (counted in the gateway state), card taps and equipment events are held"
                + " in memory (up to {}) and stored when space returns. Free space on this disk"
                + " (old logs, files in {}).",
            dataDir,
            heldLimit,
            dataDir);
      }
    }
  }

  private <T> T read(OutboxCall<T> call) throws OutboxException {
    try {
      return call.run(inner);
    } catch (OutboxException e) {
      noteFailure(e);
      throw e;
    }
  }

  @FunctionalInterface
  private interface OutboxCall<T> {
    T run(Outbox outbox) throws OutboxException;
  }

  @Override
  public CompletableFuture<Void> flush() {
    return inner.flush();
  }

  @Override
  public List<StoredRecord> pendingAfter(long afterSeq, int limit) throws OutboxException {
    return read(o -> o.pendingAfter(afterSeq, limit));
  }

  @Override
  public List<EvictedRange> evictedBetween(long afterSeq, long upToSeq) throws OutboxException {
    return read(o -> o.evictedBetween(afterSeq, upToSeq));
  }

  @Override
  public int ackUpTo(long epoch, long seq) throws OutboxException {
    return read(o -> o.ackUpTo(epoch, seq));
  }

  /** While the store is closed, the last stats read, with the disk-full state current. */
  @Override
  public OutboxStatus stats() {
    OutboxStatus base;
    try {
      base = inner.stats();
      lastStats = base;
    } catch (OutboxException e) {
      noteFailure(e);
      base = lastStats;
    }
    synchronized (lock) {
      Map<String, Long> droppedByLane = new TreeMap<>();
      dropped.forEach((lane, count) -> droppedByLane.put(lane.column(), count));
      Map<String, Long> heldByLane = new TreeMap<>();
      held.forEach(h -> heldByLane.merge(h.lane().column(), 1L, Long::sum));
      return base.withDiskFull(full, droppedByLane, heldByLane);
    }
  }

  @Override
  public void onDurable(LongConsumer listener) {
    listeners.add(listener);
    inner.onDurable(listener);
  }

  /** Runs one recovery round now; the retry thread does the same on its own. */
  void recoverNow() {
    try {
      retry.submit(this::recoverQuietly).get(WRITE_WAIT_SECONDS * 2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Outbox recovery did not finish: {}", e.toString());
    }
  }

  private void recoverQuietly() {
    try {
      recover();
    } catch (RuntimeException e) {
      log.error("Outbox recovery failed; retrying later", e);
    }
  }

  private void recover() {
    boolean reopen;
    synchronized (lock) {
      if (closed || (!broken && full.isEmpty())) {
        return;
      }
      reopen = broken;
    }
    if (reopen && !reopen()) {
      return;
    }
    synchronized (lock) {
      if (full.isEmpty()) {
        return;
      }
    }
    int stored = storeHeld();
    if (stored < 0) {
      return;
    }
    synchronized (lock) {
      if (!held.isEmpty() || (stored == 0 && freeBytes() < resumeFreeBytes)) {
        return;
      }
      Duration lasted = Duration.between(full.get().since(), clock.instant());
      full = Optional.empty();
      log.info(
          "Disk space is back: the outbox is written again after {} s ({} held records stored;"
              + " readings dropped meanwhile by lane: {})",
          lasted.toSeconds(),
          stored,
          dropped);
    }
  }

  private boolean reopen() {
    Outbox old = inner;
    try {
      old.close();
    } catch (RuntimeException e) {
      log.debug("Closing the failed outbox: {}", e.toString());
    }
    try {
      Outbox fresh = opener.open();
      if (fresh.epoch() != old.epoch()) {
        log.error(
            "The outbox reopened with a new epoch {} (was {}); restart the agent so batches carry"
                + " it",
            fresh.epoch(),
            old.epoch());
      }
      listeners.forEach(fresh::onDurable);
      inner = fresh;
      synchronized (lock) {
        broken = false;
      }
      log.info("Outbox reopened after a write failure");
      return true;
    } catch (OutboxException e) {
      log.warn("Outbox cannot be reopened yet: {}", e.getMessage());
      return false;
    }
  }

  /** Stores held records oldest first, attendance first; -1 when the disk is still full. */
  private int storeHeld() {
    int stored = 0;
    while (true) {
      Held next;
      synchronized (lock) {
        next = nextHeld();
      }
      if (next == null) {
        return stored;
      }
      try {
        inner.append(next.lane(), next.record()).get(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      } catch (ExecutionException | TimeoutException e) {
        noteFailure(e.getCause() == null ? e : e.getCause());
        return -1;
      }
      synchronized (lock) {
        held.remove(next);
      }
      stored++;
    }
  }

  /** Caller holds the lock. */
  private Held nextHeld() {
    for (Held h : held) {
      if (h.lane() == Lane.ATTENDANCE) {
        return h;
      }
    }
    return held.peekFirst();
  }

  private long freeBytes() {
    try {
      return Files.getFileStore(dataDir).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    recoverNow();
    synchronized (lock) {
      closed = true;
      if (!held.isEmpty()) {
        log.error(
            "Stopping while the disk is full: {} card taps or events held in memory are lost",
            held.size());
      }
    }
    retry.shutdownNow();
    inner.close();
  }
}
