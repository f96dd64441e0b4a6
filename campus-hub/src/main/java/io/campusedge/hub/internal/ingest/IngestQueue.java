package io.campusedge.hub.internal.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queues between the MQTT client and the database. The client's thread puts each
 * message into the lane of its gateway; when that lane is full it waits, so the client stops
 * reading and the broker holds the rest. Each lane has one worker that takes what is queued (up to
 * a group size), hands the group to storage in one go, and only then acknowledges it. A gateway's
 * messages always go to the same lane, so they are stored in the order they arrived; lanes commit
 * in parallel (a database that waits on commits, like PostgreSQL, takes several at once). The MQTT
 * acknowledgements still leave in arrival order across lanes, as MQTT requires of QoS 1.
 */
public final class IngestQueue implements BrokerConnection.MessageHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestQueue.class);
  private static final long POLL_MS = 200;
  // Queued by roomToPublish() to wake a worker for acks that waited for room; never stored.
  private static final Delivery WAKE = new Delivery("", new byte[0], Delivery.Acknowledgement.NONE);

  /** Processes a group of deliveries (storing them, publishing gateway acks); must not throw. */
  @FunctionalInterface
  public interface GroupHandler {
    void handle(List<Delivery> group);

    /** Called when nothing was queued for a moment, e.g. to retry what could not be sent. */
    default void idle() {}
  }

  /** A delivery and its place in arrival order. */
  private record Queued(Delivery delivery, long arrival) {}

  private static final Queued WAKE_UP = new Queued(WAKE, -1);
  // In place of a message that will never be acknowledged (stopping mid-store).
  private static final Delivery SKIPPED =
      new Delivery("", new byte[0], Delivery.Acknowledgement.NONE);

  private final Lane[] lanes;
  private final int capacity;
  private final int maxGroup;
  private final long pollMillis;
  private final InOrderAcknowledgements acknowledgements = new InOrderAcknowledgements();
  private final AtomicInteger maxDepth = new AtomicInteger();
  private final LongAdder processed = new LongAdder();
  private final LongAdder groups = new LongAdder();
  private long arrivals; // onMessage's callers are serialised by `this`
  private volatile boolean accepting = true;
  private volatile boolean running = true;

  /** One worker. */
  public IngestQueue(int capacity, int maxGroup, GroupHandler handler) {
    this(capacity, maxGroup, 1, () -> handler, POLL_MS);
  }

  /**
   * {@code workers} lanes, each with its own handler from {@code handlers} and an equal share of
   * {@code capacity}.
   */
  public IngestQueue(int capacity, int maxGroup, int workers, Supplier<GroupHandler> handlers) {
    this(capacity, maxGroup, workers, handlers, POLL_MS);
  }

  /** {@code pollMillis}: how long a worker waits for a message before its idle work. */
  IngestQueue(int capacity, int maxGroup, GroupHandler handler, long pollMillis) {
    this(capacity, maxGroup, 1, () -> handler, pollMillis);
  }

  IngestQueue(
      int capacity, int maxGroup, int workers, Supplier<GroupHandler> handlers, long pollMillis) {
    if (workers < 1 || capacity < workers) {
      throw new IllegalArgumentException(
          "campusedge.ingest: " + workers + " workers need a queue capacity of at least that many");
    }
    this.capacity = capacity;
    this.maxGroup = maxGroup;
    this.pollMillis = pollMillis;
    this.lanes = new Lane[workers];
    for (int i = 0; i < workers; i++) {
      int share = capacity / workers + (i < capacity % workers ? 1 : 0);
      String name = workers == 1 ? "hub-ingest-worker" : "hub-ingest-worker-" + (i + 1);
      lanes[i] = new Lane(share, handlers.get(), name);
    }
    for (Lane lane : lanes) {
      lane.worker.start();
    }
  }

  @Override
  public void onMessage(Delivery delivery) {
    Lane lane = lanes[lane(delivery.topic(), lanes.length)];
    try {
      // One caller at a time, so arrival numbers follow the order messages are handed over (and a
      // caller waiting for room in a full lane keeps the others waiting, as one queue would).
      synchronized (this) {
        while (accepting) {
          Queued queued = new Queued(delivery, arrivals);
          if (lane.queue.offer(queued, pollMillis, TimeUnit.MILLISECONDS)) {
            arrivals++;
            maxDepth.accumulateAndGet(depth(), Math::max);
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Not acknowledged: the broker sends it again (persistent session) or the gateway does.
    LOG.debug("Ingestion is stopping; message on {} left to redelivery", delivery.topic());
  }

  /**
   * The lane of a topic {@code campusedge/v1/{site}/{gateway}/...}: by site and gateway, so one
   * gateway's data, states and death stay in order. Other topics go by their whole name.
   */
  static int lane(String topic, int lanes) {
    if (lanes == 1) {
      return 0;
    }
    int end = topic.length();
    int slashes = 0;
    for (int i = 0; i < topic.length(); i++) {
      if (topic.charAt(i) == '/' && ++slashes == 4) {
        end = i;
        break;
      }
    }
    int hash = 0;
    for (int i = 0; i < end; i++) {
      hash = 31 * hash + topic.charAt(i);
    }
    return Math.floorMod(hash ^ (hash >>> 16), lanes);
  }

  /**
   * The broker took one of the hub's publishes after refusing one: the workers do their idle work
   * (the acks that waited) now, or after the group they are storing.
   */
  @Override
  public void roomToPublish() {
    for (Lane lane : lanes) {
      lane.wake();
    }
  }

  /** Messages waiting in all lanes. */
  public int depth() {
    int depth = 0;
    for (Lane lane : lanes) {
      depth += lane.queue.size();
    }
    return depth;
  }

  public int maxDepth() {
    return maxDepth.get();
  }

  public int capacity() {
    return capacity;
  }

  public int workers() {
    return lanes.length;
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
   * stops the workers.
   */
  public void close(Duration timeout) {
    accepting = false;
    running = false;
    for (Lane lane : lanes) {
      lane.queue.offer(WAKE_UP); // an idle worker need not finish its wait
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Lane lane : lanes) {
      try {
        lane.worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int left = depth();
    for (Lane lane : lanes) {
      if (lane.worker.isAlive()) {
        lane.worker.interrupt();
      }
    }
    if (left > 0) {
      LOG.warn("{} queued messages not stored at stop; the broker or gateways resend them", left);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** One queue, its worker and its handler. */
  private final class Lane {
    final BlockingQueue<Queued> queue;
    final GroupHandler handler;
    final Thread worker;
    final AtomicBoolean wakeQueued = new AtomicBoolean();

    Lane(int capacity, GroupHandler handler, String name) {
      this.queue = new ArrayBlockingQueue<>(capacity);
      this.handler = handler;
      this.worker = new Thread(this::work, name);
      worker.setDaemon(true);
    }

    void wake() {
      if (wakeQueued.compareAndSet(false, true) && !queue.offer(WAKE_UP)) {
        wakeQueued.set(false); // full: the worker is busy and retries the acks after its group
      }
    }

    private void work() {
      List<Queued> group = new ArrayList<>(maxGroup);
      while (running || !queue.isEmpty()) {
        try {
          Queued first = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
          if (first == null || first == WAKE_UP) {
            if (first == WAKE_UP) {
              wakeQueued.set(false);
            }
            idle();
            continue;
          }
          group.add(first);
          queue.drainTo(group, maxGroup - 1);
          boolean woken = group.removeIf(queued -> queued == WAKE_UP);
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

    private void handleThenAcknowledge(List<Queued> group) {
      List<Delivery> deliveries = new ArrayList<>(group.size());
      for (Queued queued : group) {
        deliveries.add(queued.delivery());
      }
      try {
        handler.handle(deliveries);
      } catch (RuntimeException e) {
        // Acknowledged anyway: an unacknowledged message would hold a broker window slot for the
        // rest of the session; the gateway resends whatever it got no ack for.
        LOG.error("Unexpected failure ingesting {} messages", group.size(), e);
      }
      if (!running && Thread.currentThread().isInterrupted()) {
        // Stopped while storing: the commit may not have happened, so no acknowledgement; the
        // broker (persistent session) or the gateway sends them again, and dedup absorbs repeats.
        LOG.warn("Stopped while storing {} messages; left unacknowledged", group.size());
        acknowledgements.skip(group);
        return;
      }
      acknowledgements.release(group);
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
  }

  /**
   * Sends the MQTT acknowledgements of stored messages in the order the messages arrived: a lane
   * that finishes first holds its acknowledgements until the earlier messages of other lanes are
   * stored too. Each message is released or skipped exactly once.
   */
  private static final class InOrderAcknowledgements {
    private final TreeMap<Long, Delivery> done = new TreeMap<>();
    private long next;

    synchronized void release(List<Queued> group) {
      for (Queued queued : group) {
        done.put(queued.arrival(), queued.delivery());
      }
      sendReady();
    }

    /** Messages that will never be acknowledged (stopping): later ones need not wait for them. */
    synchronized void skip(List<Queued> group) {
      for (Queued queued : group) {
        done.put(queued.arrival(), SKIPPED);
      }
      sendReady();
    }

    private void sendReady() {
      while (!done.isEmpty() && done.firstKey() == next) {
        Delivery delivery = done.pollFirstEntry().getValue();
        next++;
        if (delivery == SKIPPED) {
          continue;
        }
        try {
          delivery.acknowledge();
        } catch (RuntimeException e) {
          LOG.warn(
              "MQTT acknowledgement of a message on {} failed: {}", delivery.topic(), e.toString());
        }
      }
    }
  }
}
