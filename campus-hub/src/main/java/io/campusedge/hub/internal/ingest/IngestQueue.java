package io.campusedge.hub.internal.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between the MQTT client and the database. The client's thread puts; when the
 * queue is full it waits, so the client stops reading and the broker holds the rest. One worker
 * takes what is queued (up to a group size), hands the group to storage in one go, and only then
 * sends the MQTT acknowledgements, in arrival order.
 */
public final class IngestQueue implements BrokerConnection.MessageHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestQueue.class);
  private static final long POLL_MS = 200;
  // Queued by roomToPublish() to wake the worker for acks that waited for room; never stored.
  private static final Delivery WAKE = new Delivery("", new byte[0], Delivery.Acknowledgement.NONE);

  /** Processes a group of deliveries (storing them, publishing gateway acks); must not throw. */
  @FunctionalInterface
  public interface GroupHandler {
    void handle(List<Delivery> group);

    /** Called when nothing was queued for a moment, e.g. to retry what could not be sent. */
    default void idle() {}
  }

  private final BlockingQueue<Delivery> queue;
  private final int capacity;
  private final int maxGroup;
  private final GroupHandler handler;
  private final Thread worker;
  private final AtomicInteger maxDepth = new AtomicInteger();
  private final LongAdder processed = new LongAdder();
  private final LongAdder groups = new LongAdder();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final long pollMillis;
  private volatile boolean accepting = true;
  private volatile boolean running = true;

  public IngestQueue(int capacity, int maxGroup, GroupHandler handler) {
    this(capacity, maxGroup, handler, POLL_MS);
  }

  /** {@code pollMillis}: how long the worker waits for a message before its idle work. */
  IngestQueue(int capacity, int maxGroup, GroupHandler handler, long pollMillis) {
    this.pollMillis = pollMillis;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.capacity = capacity;
    this.maxGroup = maxGroup;
    this.handler = handler;
    this.worker = new Thread(this::work, "hub-ingest-worker");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void onMessage(Delivery delivery) {
    try {
      while (accepting) {
        if (queue.offer(delivery, pollMillis, TimeUnit.MILLISECONDS)) {
          maxDepth.accumulateAndGet(queue.size(), Math::max);
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Not acknowledged: the broker sends it again (persistent session) or the gateway does.
    LOG.debug("Ingestion is stopping; message on {} left to redelivery", delivery.topic());
  }

  /**
   * The broker took one of the hub's publishes after refusing one: the worker does its idle work
   * (the acks that waited) now, or after the group it is storing.
   */
  @Override
  public void roomToPublish() {
    if (wakeQueued.compareAndSet(false, true) && !queue.offer(WAKE)) {
      wakeQueued.set(false); // full: the worker is busy and retries the acks after its group
    }
  }

  private void work() {
    List<Delivery> group = new ArrayList<>(maxGroup);
    while (running || !queue.isEmpty()) {
      try {
        Delivery first = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
        if (first == null || first == WAKE) {
          if (first == WAKE) {
            wakeQueued.set(false);
          }
          idle();
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxGroup - 1);
        boolean woken = group.removeIf(delivery -> delivery == WAKE);
        if (woken) {
          wakeQueued.set(false);
        }
        handleThenAcknowledge(group);
        if (woken) {
          idle();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        group.clear();
      }
    }
  }

  private void handleThenAcknowledge(List<Delivery> group) {
    try {
      handler.handle(group);
    } catch (RuntimeException e) {
      // Acknowledged anyway: an unacknowledged message would hold a broker window slot for the
      // rest of the session; the gateway resends whatever it got no ack for.
      LOG.error("Unexpected failure ingesting {} messages", group.size(), e);
    }
    if (!running && Thread.currentThread().isInterrupted()) {
      // Stopped while storing: the commit may not have happened, so no acknowledgement; the
      // broker (persistent session) or the gateway sends them again, and dedup absorbs repeats.
      LOG.warn("Stopped while storing {} messages; left unacknowledged", group.size());
      return;
    }
    for (Delivery delivery : group) {
      try {
        delivery.acknowledge();
      } catch (RuntimeException e) {
        LOG.warn(
            "MQTT acknowledgement of a message on {} failed: {}", delivery.topic(), e.toString());
      }
    }
    processed.add(group.size());
    groups.increment();
  }

  private void idle() {
    try {
      handler.idle();
    } catch (RuntimeException e) {
      LOG.warn("Idle work of the ingest worker failed: {}", e.toString());
    }
  }

  public int depth() {
    return queue.size();
  }

  public int maxDepth() {
    return maxDepth.get();
  }

  public int capacity() {
    return capacity;
  }

  public long processed() {
    return processed.sum();
  }

  /** Worker rounds so far; processed / groups is the mean group size. */
  public long groups() {
    return groups.sum();
  }

  /**
   * Stops taking messages, stores and acknowledges what is queued (within {@code timeout}), then
   * stops the worker.
   */
  public void close(Duration timeout) {
    accepting = false;
    running = false;
    queue.offer(WAKE); // an idle worker need not finish its wait
    try {
      worker.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      LOG.warn(
          "{} queued messages not stored at stop; the broker or gateways resend them", depth());
      worker.interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
