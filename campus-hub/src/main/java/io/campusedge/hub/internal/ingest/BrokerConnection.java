package io.campusedge.hub.internal.ingest;

/** The hub's own MQTT session with the broker. */
public interface BrokerConnection extends AutoCloseable {

  /**
   * Called for every message on the hub's subscriptions, on the MQTT client's thread; must not
   * throw. It may block: that stops the client reading, which is the backpressure towards the
   * broker.
   */
  @FunctionalInterface
  interface MessageHandler {
    void onMessage(Delivery delivery);

    /**
     * Called on the MQTT client's thread when a publish refused for a full window ({@link
     * #publish}) could now be taken; must return at once.
     */
    default void roomToPublish() {}
  }

  /** Connects in the background and keeps reconnecting until closed. */
  void start(MessageHandler handler);

  boolean isConnected();

  /** QoS 1, not retained; false when the client could not take it now (not connected, full). */
  boolean publish(String topic, byte[] payload);

  /**
   * With a shared subscription, unsubscribes from gateway data, so the broker routes the group's
   * messages to the other hubs from now on; a lone hub keeps its subscription (the broker queues
   * for its session). Messages already delivered can still be acknowledged. Waits a few seconds at
   * most.
   */
  void stopReceiving();

  @Override
  void close();
}
