package io.campusedge.hub.internal.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.campusedge.hub.internal.ingest.IngestStats;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** Ingestion counters since the hub started; {@code rejected} is keyed by cause. */
@Serdeable
public record IngestStatsView(
    long batchesAccepted,
    long recordsStored,
    long duplicates,
    long statesApplied,
    @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Long> rejected,
    @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Long> gapsByGateway) {

  static IngestStatsView of(IngestStats.Snapshot snapshot) {
    return new IngestStatsView(
        snapshot.batchesAccepted(),
        snapshot.recordsStored(),
        snapshot.duplicates(),
        snapshot.statesApplied(),
        snapshot.rejected(),
        snapshot.gapsByGateway());
  }
}
