package io.campusedge.hub.internal.facilities;

import java.util.Optional;

/** A room as the school recorded it (not as a gateway reported it). */
public record FacilityRoom(
    String site,
    String roomId,
    String name,
    Optional<String> buildingId,
    RoomKind kind,
    Optional<Integer> capacity) {}
