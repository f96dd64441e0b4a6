package io.campusedge.hub.internal.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.hub.internal.config.IngestConfig;
import io.campusedge.hub.internal.environment.AlertRules;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.store.BatchOutcome;
import io.campusedge.hub.internal.store.Dialect;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.RecordStore;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Topics;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches on data topics: validate, store together in one transaction, then ack each gateway once,
 * then update live state and tell the live-event subscribers. On PostgreSQL a large group is split
 * by gateway into lanes, each storing its parts one after another in its own transactions: the
 * ingest worker hands the parts over and goes on with the next group while they commit.
 */
@Singleton
public class BatchIngest {
  private static final Logger LOG = LoggerFactory.getLogger(BatchIngest.class);
  // Groups smaller than this are stored in one transaction whatever the parallelism: 100 polls of
  // 6 readings (1,000 messages/s from 300 gateways) were stored faster on PostgreSQL beside the
  // hub in one transaction than by four parallel workers; groups of large batches (an outage's
  // backlog, the bench's FLOOD) wait on round trips and commits, which parallel transactions
  // overlap.
  static final int PARALLEL_FROM_RECORDS = 2_000;
  // Groups whose live updates and alert checks may wait while the worker stores the next ones.
  private static final int AFTER_COMMIT_GROUPS = 4;
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** A message on a data topic. */
  record DataMessage(Topics.Address topic, byte[] payload) {}

  private record Valid(Topics.Address topic, Batch batch) {}

  private record Stored(Valid message, BatchOutcome outcome) {}

  private record StreamKey(String site, String gateway, long epoch) {}

  private final GatewayRegistry registry;
  private final RecordStore store;
  private final LiveState live;
  private final IngestStats stats;
  private final BrokerConnection broker;
  private final StoreLatency storeLatency;
  private final LiveEvents events;
  private final AlertRules alertRules;
  // One thread per lane; a gateway's batches always go to the same lane, so they stay in order.
  private final List<ExecutorService> lanes;
  private final AfterCommit afterCommit = new AfterCommit(AFTER_COMMIT_GROUPS);
  // Acks the client could not take yet (broker window full), newest per stream; guarded by itself.
  private final Map<StreamKey, BatchOutcome> unsentAcks = new LinkedHashMap<>();
  // The parts of the last group handed to the lanes; ingest worker only. Lanes run in order, so
  // once
  // these are stored every earlier part is too.
  private CompletableFuture<Void> lastHandedOver = DONE;

  @Inject
  public BatchIngest(
      GatewayRegistry registry,
      RecordStore store,
      LiveState live,
      IngestStats stats,
      BrokerConnection broker,
      StoreLatency storeLatency,
      LiveEvents events,
      AlertRules alertRules,
      IngestConfig config,
      @Value("${datasources.default.url}") String databaseUrl) {
    this(
        registry,
        store,
        live,
        stats,
        broker,
        storeLatency,
        events,
        alertRules,
        config.parallelTransactionsFor(Dialect.ofJdbcUrl(databaseUrl)));
  }

  /** {@code parallelTransactions}: lanes a large group is split into (1: never split). */
  BatchIngest(
      GatewayRegistry registry,
      RecordStore store,
      LiveState live,
      IngestStats stats,
      BrokerConnection broker,
      StoreLatency storeLatency,
      LiveEvents events,
      AlertRules alertRules,
      int parallelTransactions) {
    List<ExecutorService> threads = new ArrayList<>();
    for (int i = 1; parallelTransactions > 1 && i <= parallelTransactions; i++) {
      String name = "hub-ingest-lane-" + i;
      threads.add(
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
              }));
    }
    this.lanes = List.copyOf(threads);
    this.alertRules = alertRules;
    this.registry = registry;
    this.store = store;
    this.live = live;
    this.stats = stats;
    this.broker = broker;
    this.storeLatency = storeLatency;
    this.events = events;
  }

  /**
   * Validates on the caller's thread (the ingest worker), then stores: a small group at once on
   * this thread, a large one in the lanes. The future completes once every valid batch is committed
   * (or rejected), its gateways' acks published or queued, and its live updates queued.
   */
  CompletableFuture<Void> acceptAll(List<DataMessage> messages) {
    List<Valid> valid = new ArrayList<>(messages.size());
    for (DataMessage message : messages) {
      validate(message).ifPresent(valid::add);
    }
    if (valid.isEmpty()) {
      return DONE;
    }
    if (lanes.isEmpty() || records(valid) < PARALLEL_FROM_RECORDS) {
      // One transaction: splitting it would only add commits. After what the lanes still store,
      // so a gateway's batches are stored in the order they came.
      if (!storedInLanes()) {
        return new CompletableFuture<>(); // stopping: never completes, never acknowledged
      }
      committed(storeTogether(valid));
      return DONE;
    }
    return lastHandedOver = handToLanes(valid);
  }

  /**
   * Splits the group by gateway into the lanes (each gateway's batches stay in one, in order); each
   * lane stores its part in one transaction and does what follows the commit for it.
   */
  private CompletableFuture<Void> handToLanes(List<Valid> valid) {
    List<List<Valid>> parts = new ArrayList<>();
    for (int i = 0; i < lanes.size(); i++) {
      parts.add(new ArrayList<>());
    }
    for (Valid each : valid) {
      parts.get(Math.floorMod(each.batch().getGatewayId().hashCode(), lanes.size())).add(each);
    }
    List<CompletableFuture<Void>> stored = new ArrayList<>(lanes.size());
    for (int i = 0; i < lanes.size(); i++) {
      List<Valid> part = parts.get(i);
      if (part.isEmpty()) {
        continue;
      }
      try {
        stored.add(CompletableFuture.runAsync(() -> committed(storeTogether(part)), lanes.get(i)));
      } catch (RejectedExecutionException e) {
        LOG.warn("Ingest lanes stopped; {} batches left to redelivery", part.size());
        stored.add(new CompletableFuture<>()); // never acknowledged
      }
    }
    return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new));
  }

  /** Waits for the lanes to store what they were given; false if interrupted (stopping). */
  private boolean storedInLanes() {
    try {
      lastHandedOver.get();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      LOG.error("Storing part of a group failed unexpectedly", e.getCause());
      lastHandedOver = DONE; // reported once; the lanes have finished with it
      return true;
    }
  }

  /** Counts, rejects and acks what a transaction stored, and queues what follows the commit. */
  private void committed(List<Stored> stored) {
    Map<StreamKey, BatchOutcome> acks = new LinkedHashMap<>();
    List<StoredReading> newReadings = new ArrayList<>();
    for (Stored each : stored) {
      Topics.Address topic = each.message().topic();
      BatchOutcome outcome = each.outcome();
      stats.batchAccepted(outcome.stored(), outcome.duplicates());
      for (String unfit : outcome.unfitRecords()) {
        reject(topic, new Rejection(RejectCause.RECORD_UNFIT, unfit));
      }
      if (outcome.gapDetected()) {
        reportGap(topic, each.message().batch(), outcome);
      }
      // Acks are cumulative: the last outcome of a stream in this group covers the earlier ones.
      acks.put(new StreamKey(topic.site(), topic.gateway(), outcome.epoch()), outcome);
      newReadings.addAll(outcome.newReadings());
    }
    synchronized (unsentAcks) {
      unsentAcks.putAll(acks);
      retryAcks();
    }
    afterCommit.submit(() -> applyCommitted(stored, newReadings));
  }

  /** Live state, live events and alert rules of a committed transaction, in commit order. */
  private void applyCommitted(List<Stored> stored, List<StoredReading> newReadings) {
    live.apply(newReadings);
    // Once per site and group: the live events and the other hub instances get them together.
    Map<String, List<StoredReading>> bySite = new LinkedHashMap<>();
    for (Stored each : stored) {
      bySite
          .computeIfAbsent(each.message().topic().site(), site -> new ArrayList<>())
          .addAll(each.outcome().newReadings());
    }
    bySite.forEach(events::readingsCommitted);
    for (Stored each : stored) {
      alertRules.readingsCommitted(each.message().topic().site(), each.outcome().newReadings());
      for (Runnable action : each.outcome().afterCommit()) {
        AfterCommit.runAlone(action); // one failing derived event never skips the others
      }
    }
  }

  /** Publishes the acks not sent yet; those the client cannot take now stay for the next try. */
  void retryAcks() {
    synchronized (unsentAcks) {
      unsentAcks.entrySet().removeIf(entry -> acknowledge(entry.getKey(), entry.getValue()));
    }
  }

  private Optional<Valid> validate(DataMessage message) {
    Batch batch;
    try {
      batch = Batch.parseFrom(message.payload());
    } catch (InvalidProtocolBufferException e) {
      reject(message.topic(), new Rejection(RejectCause.MALFORMED_PAYLOAD, e.getMessage()));
      return Optional.empty();
    }
    Optional<Rejection> invalid =
        BatchValidator.validate(message.topic(), batch, registry.find(batch.getGatewayId()));
    if (invalid.isPresent()) {
      reject(message.topic(), invalid.get());
      return Optional.empty();
    }
    return Optional.of(new Valid(message.topic(), batch));
  }

  private static int records(List<Valid> valid) {
    int records = 0;
    for (Valid each : valid) {
      records += each.batch().getRecordsCount();
    }
    return records;
  }

  /** Lets the lanes finish what they were given, then what follows their commits. */
  @PreDestroy
  void close() {
    for (ExecutorService lane : lanes) {
      lane.shutdown();
    }
    try {
      for (ExecutorService lane : lanes) {
        if (!lane.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("An ingest lane was still storing at stop; its messages are not acknowledged");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    afterCommit.close();
  }

  /** All in one transaction; if that fails, one by one, so one bad batch fails alone. */
  private List<Stored> storeTogether(List<Valid> valid) {
    long start = System.nanoTime();
    try {
      List<BatchOutcome> outcomes = store.storeAll(valid.stream().map(Valid::batch).toList());
      storeLatency.record(System.nanoTime() - start);
      List<Stored> stored = new ArrayList<>(valid.size());
      for (int i = 0; i < valid.size(); i++) {
        stored.add(new Stored(valid.get(i), outcomes.get(i)));
      }
      return stored;
    } catch (RuntimeException e) {
      if (valid.size() == 1) {
        reject(valid.get(0).topic(), new Rejection(RejectCause.STORE_FAILED, e.toString()));
        return List.of();
      }
      LOG.debug("Storing {} batches together failed ({}); storing one by one", valid.size(), e);
    }
    List<Stored> stored = new ArrayList<>(valid.size());
    for (Valid each : valid) {
      long one = System.nanoTime();
      try {
        stored.add(new Stored(each, store.store(each.batch())));
        storeLatency.record(System.nanoTime() - one);
      } catch (RuntimeException e) {
        reject(each.topic(), new Rejection(RejectCause.STORE_FAILED, e.toString()));
      }
    }
    return stored;
  }

  private void reportGap(Topics.Address topic, Batch batch, BatchOutcome outcome) {
    stats.gap(topic.gateway());
    LOG.warn(
        "Gap in records of gateway {} epoch {}: got seq {} while only 1..{} are stored",
        topic.gateway(),
        outcome.epoch(),
        batch.getRecords(0).getSeq(),
        outcome.uptoSeq());
  }

  private boolean acknowledge(StreamKey stream, BatchOutcome outcome) {
    Ack ack =
        Ack.newBuilder()
            .setEpoch(outcome.epoch())
            .setUptoSeq(outcome.uptoSeq())
            .setCommittedTimeMs(System.currentTimeMillis())
            .build();
    return broker.publish(
        Topics.topic(stream.site(), stream.gateway(), Topics.Kind.ACK), ack.toByteArray());
  }

  private void reject(Topics.Address topic, Rejection rejection) {
    String source = topic.site() + "/" + topic.gateway();
    if (stats.rejected(rejection.cause(), source)) {
      LOG.warn(
          "Rejected data from {}: {} ({}); further rejections for this cause are only counted",
          source,
          rejection.cause().key(),
          rejection.detail());
    }
  }
}
