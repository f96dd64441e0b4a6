package io.campusedge.hub.internal.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.hub.internal.environment.AlertRules;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.store.BatchOutcome;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.RecordStore;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Topics;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches on data topics: validate, store together in one transaction, then ack each gateway once,
 * then update live state and tell the live-event subscribers.
 */
@Singleton
public class BatchIngest {
  private static final Logger LOG = LoggerFactory.getLogger(BatchIngest.class);

  /** A message on a data topic. */
  record DataMessage(Topics.Address topic, byte[] payload) {}

  private record Valid(Topics.Address topic, Batch batch) {}

  private record Stored(Valid message, BatchOutcome outcome) {}

  private record StreamKey(String site, String gateway, long epoch) {}

  /**
   * Acks the client could not take yet (broker window full), newest per stream. Each ingest worker
   * has its own, as it has its own gateways: a worker never sends an older ack of a stream after
   * the newer one another sent.
   */
  static final class PendingAcks {
    private final Map<StreamKey, BatchOutcome> unsent = new LinkedHashMap<>();

    int size() {
      return unsent.size();
    }
  }

  private final GatewayRegistry registry;
  private final RecordStore store;
  private final LiveState live;
  private final IngestStats stats;
  private final BrokerConnection broker;
  private final StoreLatency storeLatency;
  private final LiveEvents events;
  private final AlertRules alertRules;

  public BatchIngest(
      GatewayRegistry registry,
      RecordStore store,
      LiveState live,
      IngestStats stats,
      BrokerConnection broker,
      StoreLatency storeLatency,
      LiveEvents events,
      AlertRules alertRules) {
    this.alertRules = alertRules;
    this.registry = registry;
    this.store = store;
    this.live = live;
    this.stats = stats;
    this.broker = broker;
    this.storeLatency = storeLatency;
    this.events = events;
  }

  /** Stores the messages of one worker's group; {@code pending} is that worker's. */
  void acceptAll(List<DataMessage> messages, PendingAcks pending) {
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
      if (outcome.gapDetected()) {
        reportGap(topic, each.message().batch(), outcome);
      }
      // Acks are cumulative: the last outcome of a stream in this group covers the earlier ones.
      acks.put(new StreamKey(topic.site(), topic.gateway(), outcome.epoch()), outcome);
      newReadings.addAll(outcome.newReadings());
    }
    pending.unsent.putAll(acks);
    retryAcks(pending);
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
        runAfterCommit(action);
      }
    }
  }

  /** Live events of derived data; a failure there never stops ingestion (the data is stored). */
  private static void runAfterCommit(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("After storing a batch: {}", e.toString(), e);
    }
  }

  /** Publishes the acks not sent yet; those the client cannot take now stay for the next try. */
  void retryAcks(PendingAcks pending) {
    pending.unsent.entrySet().removeIf(entry -> acknowledge(entry.getKey(), entry.getValue()));
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

  /** All in one transaction; if that fails, one by one, so one bad batch fails alone. */
  private List<Stored> store(List<Valid> valid) {
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
