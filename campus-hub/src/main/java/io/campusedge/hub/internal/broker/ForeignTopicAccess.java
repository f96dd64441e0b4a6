package io.campusedge.hub.internal.broker;

import java.util.List;

/**
 * Topics outside {@code campusedge/v1} that the embedded broker allows: the Sparkplug or Kura
 * namespace a registered gateway is mapped to, and what the hub's own clients need there. Each
 * interop part contributes one bean; without any, only the native rules apply.
 */
public interface ForeignTopicAccess {

  /** Topic filters the gateway may publish to; empty for gateways this part does not map. */
  List<String> publishFilters(String gatewayId);

  /** Topic filters the gateway may subscribe to. */
  List<String> subscribeFilters(String gatewayId);

  /** Topic filters the hub's own clients may publish and subscribe to (never shared). */
  List<String> hubFilters();
}
