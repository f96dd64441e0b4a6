package io.campusedge.hub.internal.store;

import java.util.Optional;

/** Gateway credentials: who may connect, and for which site. */
public interface GatewayRegistry {

  Optional<RegisteredGateway> find(String gatewayId);

  /** The gateway, if the password is right; empty for unknown gateways and wrong passwords. */
  Optional<RegisteredGateway> authenticate(String gatewayId, byte[] passwordUtf8);

  /** Creates the gateway or replaces its site and password hash. */
  void register(String gatewayId, String site, String password);
}
