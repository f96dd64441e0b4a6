package io.campusedge.hub.internal.broker;

/** Who an authenticated MQTT client is; decides its topic permissions. */
sealed interface MqttPrincipal {

  /** The hub's own ingestion client. */
  record Hub() implements MqttPrincipal {}

  /** The read-only user people watch traffic with. */
  record Observer() implements MqttPrincipal {}

  record Gateway(String gatewayId, String site) implements MqttPrincipal {}
}
