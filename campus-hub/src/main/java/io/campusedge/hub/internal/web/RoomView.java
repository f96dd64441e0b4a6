package io.campusedge.hub.internal.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.environment.Comfort;
import io.campusedge.hub.internal.live.LiveState;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A room, the newest value per metric of the devices in it, and its comfort: GOOD, FAIR or POOR per
 * metric against the configured bands, the room's {@code comfort} the worst of them (UNKNOWN
 * without values).
 */
@Serdeable
public record RoomView(
    String id,
    String site,
    String name,
    @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, LatestValueView> latest,
    String comfort,
    @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Comfort.Level> comfortByMetric) {

  static RoomView of(LiveState.RoomLatest room, EnvironmentConfig config) {
    Map<String, LatestValueView> latest = new TreeMap<>();
    room.latestByMetric()
        .forEach((metric, reading) -> latest.put(metric, LatestValueView.of(reading)));
    Comfort.RoomComfort comfort = Comfort.of(room.latestByMetric(), config);
    return new RoomView(
        room.room().roomId(),
        room.room().site(),
        room.room().name(),
        latest,
        comfort.status(),
        comfort.metrics());
  }
}
