package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.GatewayState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Gateway status, rooms and devices, from the gateways' state messages. */
public interface GatewayInventoryStore {

  /**
   * Records the gateway's status; a birth (online) also replaces its device inventory and adds or
   * renames its rooms.
   */
  void apply(GatewayState state);

  /**
   * Moves each gateway's last-seen time forward to when it was heard, and marks it online; a status
   * written later (a death message) is left alone.
   */
  void touch(Map<String, Instant> heard);

  /** Marks online gateways not seen since {@code cutoff} offline; returns those it changed. */
  List<String> markOffline(Instant cutoff);

  List<KnownRoom> rooms();

  List<KnownDevice> devices();
}
