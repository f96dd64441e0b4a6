package io.campusedge.hub.internal.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.internal.ingest.IngestStats;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Ingestion counters since the hub started; {@code rejected} is keyed by cause. The queue holds
 * messages received and not yet stored; {@code maxQueueDepth} is its high-water mark.
 */
@Serdeable
public record IngestStatsView(
    long batchesAccepted,
    long recordsStored,
    long duplicates,
    long statesApplied,
    @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Long> rejected,
    @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Long> gapsByGateway,
    int queueDepth,
    int maxQueueDepth,
    int queueCapacity) {

  static IngestStatsView of(
      IngestStats.Snapshot snapshot, IngestQueue queue, Predicate<String> visibleGateway) {
    Map<String, Long> gaps = new TreeMap<>();
    snapshot
        .gapsByGateway()
        .forEach(
            (gateway, count) -> {
              if (visibleGateway.test(gateway)) {
                gaps.put(gateway, count);
              }
            });
    return new IngestStatsView(
        snapshot.batchesAccepted(),
        snapshot.recordsStored(),
        snapshot.duplicates(),
        snapshot.statesApplied(),
        snapshot.rejected(),
        gaps,
        queue.depth(),
        queue.maxDepth(),
        queue.capacity());
  }
}
