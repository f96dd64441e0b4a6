package io.campusedge.hub.internal.ingest;

/**
 * A message the broker delivered. {@link #acknowledge()} sends its MQTT acknowledgement (PUBACK);
 * the hub calls it only once the message's effect is committed, so the broker redelivers anything
 * the hub lost before that.
 */
public record Delivery(String topic, byte[] payload, Acknowledgement acknowledgement) {

  /** Sends the MQTT acknowledgement of one delivery; does nothing for QoS 0 or a stale session. */
  @FunctionalInterface
  public interface Acknowledgement {
    void send();

    Acknowledgement NONE = () -> {};
  }

  public void acknowledge() {
    acknowledgement.send();
  }
}
