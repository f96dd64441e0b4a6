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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches on data topics: validate, store together in one transaction, then ack each gateway once,
 * then update live state and tell the live-event subscribers.
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
  private final int parallelTransactions;
  // Store the other parts of a split group while the ingest worker stores the first.
  private final ExecutorService storers;
  private final AfterCommit afterCommit = new AfterCommit(AFTER_COMMIT_GROUPS);
  // Acks the client could not take yet (broker window full), newest per stream; worker thread only.
  private final Map<StreamKey, BatchOutcome> unsentAcks = new LinkedHashMap<>();

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

  /** {@code parallelTransactions}: parts a large group is stored in at once (1: never split). */
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
    this.parallelTransactions = parallelTransactions;
    AtomicInteger threads = new AtomicInteger();
    this.storers =
        Executors.newFixedThreadPool(
            Math.max(1, parallelTransactions - 1),
            task -> {
              Thread thread = new Thread(task, "hub-ingest-store-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.alertRules = alertRules;
    this.registry = registry;
    this.store = store;
    this.live = live;
    this.stats = stats;
    this.broker = broker;
    this.storeLatency = storeLatency;
    this.events = events;
  }

  void accept(Topics.Address topic, byte[] payload) {
    acceptAll(List.of(new DataMessage(topic, payload)));
  }

  void acceptAll(List<DataMessage> messages) {
    List<Valid> valid = new ArrayList<>(messages.size());
    for (DataMessage message : messages) {
      validate(message).ifPresent(valid::add);
    }
    if (valid.isEmpty()) {
      return;
    }
    List<Stored> stored = store(valid);
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
    unsentAcks.putAll(acks);
    retryAcks();
    afterCommit.submit(() -> committed(stored, newReadings));
  }

  /** Live state, live events and alert rules of a committed group, in commit order. */
  private void committed(List<Stored> stored, List<StoredReading> newReadings) {
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
    unsentAcks.entrySet().removeIf(entry -> acknowledge(entry.getKey(), entry.getValue()));
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

  /**
   * A large group is split by gateway into up to {@code parallelTransactions} parts stored at once
   * (each gateway's batches stay in one part, in order); everything after the store stays on the
   * ingest worker. A small group is one transaction: splitting it would only add commits.
   */
  private List<Stored> store(List<Valid> valid) {
    if (parallelTransactions < 2 || records(valid) < PARALLEL_FROM_RECORDS) {
      return storeTogether(valid);
    }
    List<List<Valid>> parts = new ArrayList<>();
    for (int i = 0; i < parallelTransactions; i++) {
      parts.add(new ArrayList<>());
    }
    for (Valid each : valid) {
      int part = Math.floorMod(each.batch().getGatewayId().hashCode(), parallelTransactions);
      parts.get(part).add(each);
    }
    parts.removeIf(List::isEmpty);
    List<Future<List<Stored>>> running = new ArrayList<>(parts.size());
    for (List<Valid> part : parts.subList(1, parts.size())) {
      running.add(storers.submit(() -> storeTogether(part)));
    }
    Map<Valid, Stored> byMessage = new IdentityHashMap<>();
    storeTogether(parts.get(0)).forEach(each -> byMessage.put(each.message(), each));
    for (Future<List<Stored>> part : running) {
      waitFor(part).forEach(each -> byMessage.put(each.message(), each));
    }
    List<Stored> stored = new ArrayList<>(byMessage.size());
    for (Valid each : valid) {
      Stored done = byMessage.get(each);
      if (done != null) {
        stored.add(done);
      }
    }
    return stored;
  }

  private static int records(List<Valid> valid) {
    int records = 0;
    for (Valid each : valid) {
      records += each.batch().getRecordsCount();
    }
    return records;
  }

  /** A part's outcome; storeTogether never throws, so only an interrupt loses it (stopping). */
  private static List<Stored> waitFor(Future<List<Stored>> part) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException e) {
      LOG.error("Storing part of a group failed unexpectedly", e.getCause());
      return List.of();
    }
  }

  @PreDestroy
  void close() {
    afterCommit.close();
    storers.shutdown();
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
