package io.campusedge.hub.internal.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.campusedge.hub.internal.live.LiveState;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;
import java.util.TreeMap;

/** A room and the newest value per metric of the devices in it. */
@Serdeable
public record RoomView(
    String id,
    String site,
    String name,
    @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, LatestValueView> latest) {

  static RoomView of(LiveState.RoomLatest room) {
    Map<String, LatestValueView> latest = new TreeMap<>();
    room.latestByMetric()
        .forEach((metric, reading) -> latest.put(metric, LatestValueView.of(reading)));
    return new RoomView(room.room().roomId(), room.room().site(), room.room().name(), latest);
  }
}
