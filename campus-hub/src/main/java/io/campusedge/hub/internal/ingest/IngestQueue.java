package io.campusedge.hub.internal.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between the MQTT client and the database. The client's thread puts; when the
 * queue is full it waits, so the client stops reading and the broker holds the rest. One worker
 * takes what is queued (up to a group size) and hands the group to storage in one go. Storage may
 * finish a group later, on its own threads: the worker then takes the next group meanwhile, up to
 * {@code groupsInFlight} groups handed over and not yet stored. A group's MQTT acknowledgements are
 * sent only once it is stored, and in arrival order (MQTT-4.6.0-2): a group stored early waits for
 * the ones before it.
 */
public final class IngestQueue implements BrokerConnection.MessageHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestQueue.class);
  private static final long POLL_MS = 200;
  // Queued by roomToPublish() to wake the worker for acks that waited for room; never stored.
  private static final Delivery WAKE = new Delivery("", new byte[0], Delivery.Acknowledgement.NONE);

  /** Processes a group of deliveries (storing them, publishing gateway acks); must not throw. */
  @FunctionalInterface
  public interface GroupHandler {
    /**
     * Stores the group, now or on other threads; the future completes once it is committed (or its
     * failures are counted), never before. Groups handed over later may complete earlier.
     */
    CompletableFuture<Void> handle(List<Delivery> group);

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
  private final int groupsInFlight;
  // Permits for groups handed to the handler and not acknowledged yet.
  private final Semaphore inFlight;
  // Those groups in arrival order; acknowledged from the head as they are stored.
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private volatile boolean accepting = true;
  private volatile boolean running = true;
  // Set when a stop interrupted the worker: nothing is acknowledged from then on.
  private volatile boolean abandoned;

  private record Pending(List<Delivery> group, CompletableFuture<Void> stored) {}

  public IngestQueue(int capacity, int maxGroup, int groupsInFlight, GroupHandler handler) {
    this(capacity, maxGroup, groupsInFlight, handler, POLL_MS);
  }

  /** {@code pollMillis}: how long the worker waits for a message before its idle work. */
  IngestQueue(
      int capacity, int maxGroup, int groupsInFlight, GroupHandler handler, long pollMillis) {
    this.pollMillis = pollMillis;
    this.groupsInFlight = groupsInFlight;
    this.inFlight = new Semaphore(groupsInFlight);
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
    while (running || !queue.isEmpty()) {
      List<Delivery> group = new ArrayList<>(maxGroup);
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
        if (!group.isEmpty()) {
          handThenAcknowledge(group);
        }
        if (woken) {
          idle();
        }
      } catch (InterruptedException e) {
        abandon();
        return;
      }
    }
    try {
      inFlight.acquire(groupsInFlight); // every group handed over is stored and acknowledged
    } catch (InterruptedException e) {
      abandon();
    }
  }

  /**
   * Hands the group over once fewer than {@code groupsInFlight} are being stored, and arranges its
   * acknowledgements for when it is stored.
   */
  private void handThenAcknowledge(List<Delivery> group) throws InterruptedException {
    inFlight.acquire();
    CompletableFuture<Void> stored;
    try {
      stored = handler.handle(group);
    } catch (RuntimeException e) {
      // Acknowledged anyway: an unacknowledged message would hold a broker window slot for the
      // rest of the session; the gateway resends whatever it got no ack for.
      LOG.error("Unexpected failure ingesting {} messages", group.size(), e);
      stored = CompletableFuture.completedFuture(null);
    }
    synchronized (pending) {
      pending.add(new Pending(group, stored));
    }
    if (!running && Thread.currentThread().isInterrupted()) {
      throw new InterruptedException(); // stopped while storing: the commit may not have happened
    }
    stored.whenComplete(
        (done, failure) -> {
          if (failure != null) {
            LOG.error("Unexpected failure ingesting {} messages", group.size(), failure);
          }
          acknowledgeStored();
        });
  }

  /** Acknowledges the stored groups at the head, in arrival order; any thread. */
  private void acknowledgeStored() {
    synchronized (pending) {
      while (!abandoned && !pending.isEmpty() && pending.peek().stored().isDone()) {
        List<Delivery> group = pending.poll().group();
        for (Delivery delivery : group) {
          try {
            delivery.acknowledge();
          } catch (RuntimeException e) {
            LOG.warn(
                "MQTT acknowledgement of a message on {} failed: {}",
                delivery.topic(),
                e.toString());
          }
        }
        processed.add(group.size());
        groups.increment();
        inFlight.release();
      }
    }
  }

  /**
   * Stopped while storing: what is not acknowledged yet stays so, the later groups too (MQTT
   * acknowledges in order); the broker (persistent session) or the gateways send them again, and
   * dedup absorbs repeats.
   */
  private void abandon() {
    abandoned = true;
    Thread.currentThread().interrupt();
    int messages;
    synchronized (pending) {
      messages = pending.stream().mapToInt(each -> each.group().size()).sum();
    }
    if (messages > 0) {
      LOG.warn("Stopped while storing {} messages; left unacknowledged", messages);
    }
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

  /** Groups handed to storage and not acknowledged yet. */
  public int groupsInFlight() {
    return groupsInFlight - inFlight.availablePermits();
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
