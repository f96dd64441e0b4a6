package io.campusedge.agent.internal.uplink;

/** Publishes one QoS 1 message; a narrow seam so the sending logic is testable without MQTT. */
@FunctionalInterface
interface Publisher {
  void publish(String topic, byte[] payload, boolean retained) throws UplinkException;
}
