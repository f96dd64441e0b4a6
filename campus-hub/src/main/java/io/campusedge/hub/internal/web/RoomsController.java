package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;

/** Rooms with their latest values and comfort, from live state; every role, within its schools. */
@Controller("/api/v1/rooms")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class RoomsController {
  private final LiveState live;
  private final EnvironmentConfig environment;

  public RoomsController(LiveState live, EnvironmentConfig environment) {
    this.live = live;
    this.environment = environment;
  }

  /**
   * Every known room of the caller's schools, or those of one site, with the newest value per
   * metric.
   *
   * @param site school code; 403 if outside the caller's schools
   */
  @Get
  public List<RoomView> rooms(@QueryValue @Nullable String site, Authentication authentication) {
    Caller caller = Caller.of(authentication);
    boolean oneSite = site != null && !site.isEmpty();
    if (oneSite) {
      caller.requireSite(site);
    }
    return live.rooms().stream()
        .filter(room -> caller.canSee(room.room().site()))
        .filter(room -> !oneSite || room.room().site().equals(site))
        .map(room -> RoomView.of(room, environment))
        .toList();
  }
}
