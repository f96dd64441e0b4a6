package io.campusedge.hub.internal.ingest;

/** The hub's own MQTT session with the broker. */
public interface BrokerConnection extends AutoCloseable {

  /** Called for every message on the hub's subscriptions; must not throw. */
  @FunctionalInterface
  interface MessageHandler {
    void onMessage(String topic, byte[] payload);
  }

  /** Connects in the background and keeps reconnecting until closed. */
  void start(MessageHandler handler);

  boolean isConnected();

  /** QoS 1, not retained; failures are logged, the gateway's retry covers a lost ack. */
  void publish(String topic, byte[] payload);

  @Override
  void close();
}
