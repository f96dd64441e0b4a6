package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.store.GatewayOverviews;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Optional;

/** Registered gateways with their status and ingestion position. */
@Controller("/api/v1/gateways")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GatewaysController {
  private final GatewayOverviews gateways;

  public GatewaysController(GatewayOverviews gateways) {
    this.gateways = gateways;
  }

  /**
   * Every registered gateway, optionally of one site.
   *
   * @param site school code
   */
  @Get
  public List<GatewayView> gateways(@QueryValue @Nullable String site) {
    return gateways.list(Optional.ofNullable(site).filter(s -> !s.isEmpty())).stream()
        .map(GatewayView::of)
        .toList();
  }
}
