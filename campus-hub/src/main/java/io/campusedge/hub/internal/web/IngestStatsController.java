package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.internal.ingest.IngestStats;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Ingestion counters, for operators and tests. */
@Controller("/api/v1/ingest")
public class IngestStatsController {
  private final IngestStats stats;
  private final IngestQueue queue;

  public IngestStatsController(IngestStats stats, IngestQueue queue) {
    this.stats = stats;
    this.queue = queue;
  }

  @Get("/stats")
  public IngestStatsView stats() {
    return IngestStatsView.of(stats.snapshot(), queue);
  }
}
