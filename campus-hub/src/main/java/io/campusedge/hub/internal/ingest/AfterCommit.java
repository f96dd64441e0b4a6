package io.campusedge.hub.internal.ingest;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a group's commit (live state, live events, alert rules), on its own thread in commit
 * order, so the ingest worker decodes and stores the next group meanwhile, and a slow alert store
 * or peer relay does not hold up storing and acks. (In the FLOOD bench this work was almost half of
 * the worker's CPU, yet moving it changed the throughput by less than the run-to-run noise.)
 * Bounded: a worker that gets {@code capacity} groups ahead waits, and so the MQTT client and the
 * broker wait too. The data is committed and acked before this runs; what a stop leaves undone here
 * is derived (live values are rebuilt at start).
 */
final class AfterCommit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);
  private static final Runnable STOP = () -> {};

  private final BlockingQueue<Runnable> queue;
  private final Thread thread;

  AfterCommit(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::work, "hub-after-commit");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a group's work, waiting while {@code capacity} groups are queued already. */
  void submit(Runnable work) {
    if (!thread.isAlive()) {
      runAlone(work); // stopped: still in order, on the caller's thread
      return;
    }
    try {
      queue.put(work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      runAlone(work);
    }
  }

  int depth() {
    return queue.size();
  }

  private void work() {
    while (true) {
      Runnable work;
      try {
        work = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (work == STOP) {
        return;
      }
      runAlone(work);
    }
  }

  /** One failure never stops the rest: the data is stored whatever happens here. */
  static void runAlone(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("After storing a group: {}", e.toString(), e);
    }
  }

  /** Finishes what is queued (within {@code timeout}), then stops the thread. */
  void close(Duration timeout) {
    try {
      if (!queue.offer(STOP, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} groups' live updates and alert checks left undone at stop", queue.size());
        thread.interrupt();
        return;
      }
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("Live updates and alert checks still running at stop; left undone");
      thread.interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
