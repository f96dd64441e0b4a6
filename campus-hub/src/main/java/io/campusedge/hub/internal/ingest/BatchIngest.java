package io.campusedge.hub.internal.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.store.BatchOutcome;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.RecordStore;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Topics;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Batch on a data topic: validate, store in one transaction, then ack, then update live state.
 */
@Singleton
public class BatchIngest {
  private static final Logger LOG = LoggerFactory.getLogger(BatchIngest.class);

  private final GatewayRegistry registry;
  private final RecordStore store;
  private final LiveState live;
  private final IngestStats stats;
  private final BrokerConnection broker;
  private final StoreLatency storeLatency;

  public BatchIngest(
      GatewayRegistry registry,
      RecordStore store,
      LiveState live,
      IngestStats stats,
      BrokerConnection broker,
      StoreLatency storeLatency) {
    this.registry = registry;
    this.store = store;
    this.live = live;
    this.stats = stats;
    this.broker = broker;
    this.storeLatency = storeLatency;
  }

  void accept(Topics.Address topic, byte[] payload) {
    Batch batch;
    try {
      batch = Batch.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      reject(topic, new Rejection(RejectCause.MALFORMED_PAYLOAD, e.getMessage()));
      return;
    }
    Optional<Rejection> invalid =
        BatchValidator.validate(topic, batch, registry.find(batch.getGatewayId()));
    if (invalid.isPresent()) {
      reject(topic, invalid.get());
      return;
    }
    BatchOutcome outcome;
    long start = System.nanoTime();
    try {
      outcome = store.store(batch);
      storeLatency.record(System.nanoTime() - start);
    } catch (RuntimeException e) {
      reject(topic, new Rejection(RejectCause.STORE_FAILED, e.toString()));
      return;
    }
    stats.batchAccepted(outcome.stored(), outcome.duplicates());
    if (outcome.gapDetected()) {
      stats.gap(topic.gateway());
      LOG.warn(
          "Gap in records of gateway {} epoch {}: got seq {} while only 1..{} are stored",
          topic.gateway(),
          outcome.epoch(),
          batch.getRecords(0).getSeq(),
          outcome.uptoSeq());
    }
    acknowledge(topic, outcome);
    live.apply(outcome.newReadings());
  }

  private void acknowledge(Topics.Address topic, BatchOutcome outcome) {
    Ack ack =
        Ack.newBuilder()
            .setEpoch(outcome.epoch())
            .setUptoSeq(outcome.uptoSeq())
            .setCommittedTimeMs(System.currentTimeMillis())
            .build();
    broker.publish(Topics.topic(topic.site(), topic.gateway(), Topics.Kind.ACK), ack.toByteArray());
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
