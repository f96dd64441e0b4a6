package io.campusedge.hub.internal.store;

/** A device in a gateway's inventory and the room it is in. */
public record KnownDevice(
    String gatewayId, String deviceId, String site, String type, String roomId) {}
