package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.GatewayState;
import java.util.List;

/** Gateway status, rooms and devices, from the gateways' state messages. */
public interface GatewayInventoryStore {

  /**
   * Records the gateway's status; a birth (online) also replaces its device inventory and adds or
   * renames its rooms.
   */
  void apply(GatewayState state);

  List<KnownRoom> rooms();

  List<KnownDevice> devices();
}
