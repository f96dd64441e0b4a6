package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.live.LiveState;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.List;

/** Rooms with their latest values, from live state. */
@Controller("/api/v1/rooms")
public class RoomsController {
  private final LiveState live;

  public RoomsController(LiveState live) {
    this.live = live;
  }

  @Get
  public List<RoomView> rooms() {
    return live.rooms().stream().map(RoomView::of).toList();
  }
}
