package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.ingest.IngestStats;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Ingestion counters, for operators and tests. */
@Controller("/api/v1/ingest")
public class IngestStatsController {
  private final IngestStats stats;

  public IngestStatsController(IngestStats stats) {
    this.stats = stats;
  }

  @Get("/stats")
  public IngestStatsView stats() {
    return IngestStatsView.of(stats.snapshot());
  }
}
