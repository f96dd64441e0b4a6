package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.live.LiveState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** Rooms with their latest values, from live state. */
@Controller("/api/v1/rooms")
public class RoomsController {
  private final LiveState live;

  public RoomsController(LiveState live) {
    this.live = live;
  }

  /**
   * Every known room, or those of one site, with the newest value per metric.
   *
   * @param site school code
   */
  @Get
  public List<RoomView> rooms(@QueryValue @Nullable String site) {
    return live.rooms().stream()
        .filter(room -> site == null || site.isEmpty() || room.room().site().equals(site))
        .map(RoomView::of)
        .toList();
  }
}
