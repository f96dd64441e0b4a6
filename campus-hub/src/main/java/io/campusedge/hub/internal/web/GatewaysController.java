package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.GatewayOverviews;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Optional;

/** Registered gateways with their status and ingestion position: admins and technicians. */
@Controller("/api/v1/gateways")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME, Role.TECHNICIAN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class GatewaysController {
  private final GatewayOverviews gateways;

  public GatewaysController(GatewayOverviews gateways) {
    this.gateways = gateways;
  }

  /**
   * Every registered gateway of the caller's schools, optionally of one site.
   *
   * @param site school code; 403 if outside the caller's schools
   */
  @Get
  public List<GatewayView> gateways(
      @QueryValue @Nullable String site, Authentication authentication) {
    Caller caller = Caller.of(authentication);
    Optional<String> oneSite = Optional.ofNullable(site).filter(s -> !s.isEmpty());
    oneSite.ifPresent(caller::requireSite);
    return gateways.list(oneSite).stream()
        .filter(gateway -> caller.canSee(gateway.site()))
        .map(GatewayView::of)
        .toList();
  }
}
