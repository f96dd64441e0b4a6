package io.campusedge.agent.internal.uplink;

import io.campusedge.agent.internal.outbox.OutboxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * The one thread that owns an uplink's broker connection, and the queue through which Paho
 * callbacks and other threads wake it. Offline it connects with backoff; online it runs rounds of
 * work. A failure is logged and paused over with backoff; only {@link #stop()} ends it.
 */
final class UplinkLoop {
  private static final long IDLE_POLL_MS = 250;

  /** What the uplink does on this thread. */
  interface Work {
    /** True when the next round must connect first. */
    boolean offline();

    /** One connect attempt; false when it failed (and said why). */
    boolean connect() throws UplinkException;

    void round() throws UplinkException, OutboxException;

    /** Waits {@code millis} while offline, by {@link #pauseUntil} or {@link #pauseKeeping}. */
    void pause(long millis);
  }

  @FunctionalInterface
  interface Handler {
    void handle(UplinkEvent event) throws OutboxException, UplinkException;
  }

  private final BlockingQueue<UplinkEvent> events = new LinkedBlockingQueue<>();
  private final Logger log;
  private final String name;
  private final Backoff backoff;
  private final Thread thread;
  private volatile boolean running = true;

  /** {@code name} starts the loop's log messages ("Uplink", "Sparkplug uplink"). */
  UplinkLoop(String threadName, Logger log, String name, Backoff backoff, Work work) {
    this.log = log;
    this.name = name;
    this.backoff = backoff;
    this.thread = new Thread(() -> run(work), threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void add(UplinkEvent event) {
    events.add(event);
  }

  /** Drops queued events that {@code stale} matches. */
  void discard(Predicate<UplinkEvent> stale) {
    events.removeIf(stale);
  }

  private void run(Work work) {
    while (running) {
      try {
        if (work.offline()) {
          // Every attempt waits first, the first one too (see Backoff).
          work.pause(backoff.nextDelayMs());
          if (!running || !work.connect()) {
            continue;
          }
          backoff.reset();
        }
        work.round();
      } catch (UplinkException e) {
        log.warn(name + ": {}", e.getMessage());
        work.pause(backoff.nextDelayMs());
      } catch (OutboxException e) {
        log.error(name + " cannot read the outbox: {}", e.getMessage());
        work.pause(backoff.nextDelayMs());
      } catch (RuntimeException e) {
        log.error(name + " loop failed; continuing", e);
        work.pause(backoff.nextDelayMs());
      }
    }
  }

  /**
   * Waits for events, no longer than the batch being filled may linger, and hands each queued one
   * to {@code handler}.
   */
  void handleEvents(long lingerRemainingMs, Handler handler)
      throws OutboxException, UplinkException {
    long wait = lingerRemainingMs > 0 ? Math.min(lingerRemainingMs, IDLE_POLL_MS) : IDLE_POLL_MS;
    UplinkEvent event = poll(wait);
    while (event != null) {
      handler.handle(event);
      event = events.poll();
    }
  }

  /**
   * Waits {@code millis}, waking early when stopped or when an event that {@code wakes} matches
   * arrives; that one stays queued, the others are dropped.
   */
  void pauseUntil(long millis, Predicate<UplinkEvent> wakes) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    for (Optional<UplinkEvent> next = pollUntil(deadline);
        next.isPresent();
        next = pollUntil(deadline)) {
      if (wakes.test(next.get())) {
        events.add(next.get());
        return;
      }
    }
  }

  /**
   * Waits {@code millis}, waking early only when stopped; the events that {@code kept} matches are
   * queued again afterwards, in order, the others dropped.
   */
  void pauseKeeping(long millis, Predicate<UplinkEvent> kept) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    List<UplinkEvent> deferred = new ArrayList<>();
    for (Optional<UplinkEvent> next = pollUntil(deadline);
        next.isPresent();
        next = pollUntil(deadline)) {
      if (kept.test(next.get())) {
        deferred.add(next.get());
      }
    }
    events.addAll(deferred);
  }

  /** The next event before {@code deadlineNanos}; empty once it has passed or the loop stopped. */
  private Optional<UplinkEvent> pollUntil(long deadlineNanos) {
    while (running) {
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return Optional.empty();
      }
      UplinkEvent event = poll(left);
      if (event != null) {
        return Optional.of(event);
      }
    }
    return Optional.empty();
  }

  private UplinkEvent poll(long millis) {
    try {
      return events.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return null;
    }
  }

  /** Stops the loop and waits for the thread to end, at most {@code waitMs}. */
  void stop(long waitMs) {
    running = false;
    events.add(new UplinkEvent.Stop());
    try {
      thread.join(waitMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
