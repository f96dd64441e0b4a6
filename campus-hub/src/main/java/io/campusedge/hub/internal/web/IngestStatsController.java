package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.internal.ingest.IngestStats;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.RegisteredGateway;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * Ingestion counters, for admins and technicians. The counters are the hub's; per-gateway gaps are
 * shown only for gateways of the caller's schools.
 */
@Controller("/api/v1/ingest")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME, Role.TECHNICIAN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class IngestStatsController {
  private final IngestStats stats;
  private final IngestQueue queue;
  private final GatewayRegistry registry;

  public IngestStatsController(IngestStats stats, IngestQueue queue, GatewayRegistry registry) {
    this.stats = stats;
    this.queue = queue;
    this.registry = registry;
  }

  @Get("/stats")
  public IngestStatsView stats(Authentication authentication) {
    Caller caller = Caller.of(authentication);
    return IngestStatsView.of(
        stats.snapshot(),
        queue,
        gatewayId ->
            caller.allSites()
                || registry
                    .find(gatewayId)
                    .map(RegisteredGateway::site)
                    .filter(caller::canSee)
                    .isPresent());
  }
}
