package io.campusedge.hub.internal.store;

/** A gateway the hub knows, and the school site it belongs to. */
public record RegisteredGateway(String id, String site) {}
