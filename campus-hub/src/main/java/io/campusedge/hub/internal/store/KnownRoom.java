package io.campusedge.hub.internal.store;

/** A room a gateway reported, identified by site and room code. */
public record KnownRoom(String site, String roomId, String name) {}
