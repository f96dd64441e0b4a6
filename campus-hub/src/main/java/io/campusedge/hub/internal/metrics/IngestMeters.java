package io.campusedge.hub.internal.metrics;

import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.internal.ingest.IngestStats;
import io.campusedge.hub.internal.ingest.RejectCause;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.function.ToLongFunction;

/**
 * Ingestion counters for Prometheus ({@code /prometheus}): batches, records, duplicates, gaps,
 * rejects by cause, and the ingest queue's depth. They read {@link IngestStats}, so JSON stats and
 * metrics never disagree.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
public class IngestMeters implements MeterBinder {
  private final IngestStats stats;
  // A provider: the queue's worker stores through a chain that times commits with the registry.
  private final Provider<IngestQueue> queue;

  public IngestMeters(IngestStats stats, Provider<IngestQueue> queue) {
    this.stats = stats;
    this.queue = queue;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(
        registry,
        "campusedge.ingest.batches",
        "batches stored and acked",
        IngestStats.Snapshot::batchesAccepted);
    counter(
        registry,
        "campusedge.ingest.records",
        "records newly stored",
        IngestStats.Snapshot::recordsStored);
    counter(
        registry,
        "campusedge.ingest.duplicates",
        "records received again and skipped (dedup hits)",
        IngestStats.Snapshot::duplicates);
    counter(
        registry,
        "campusedge.ingest.gaps",
        "batches stored beyond a hole in a gateway's sequence",
        s -> s.gapsByGateway().values().stream().mapToLong(Long::longValue).sum());
    Gauge.builder("campusedge.ingest.queue.depth", () -> queue.get().depth())
        .description("messages received and waiting to be stored")
        .register(registry);
    Gauge.builder("campusedge.ingest.queue.max.depth", () -> queue.get().maxDepth())
        .description("highest queue depth since start")
        .register(registry);
    Gauge.builder("campusedge.ingest.queue.capacity", () -> queue.get().capacity())
        .description("queue bound; also the Receive Maximum the hub advertises")
        .register(registry);
    for (RejectCause cause : RejectCause.values()) {
      FunctionCounter.builder(
              "campusedge.ingest.rejects",
              stats,
              s -> s.snapshot().rejected().getOrDefault(cause.key(), 0L))
          .description("messages not stored, by cause")
          .tag("cause", cause.key())
          .register(registry);
    }
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<IngestStats.Snapshot> reading) {
    FunctionCounter.builder(name, stats, s -> reading.applyAsLong(s.snapshot()))
        .description(description)
        .register(registry);
  }
}
