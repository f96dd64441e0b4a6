package io.campusedge.agent.internal.uplink;

/** The connection to the campus broker: sends the outbox, receives acks and commands. */
public interface Uplink extends AutoCloseable {

  /** Starts connecting in the background; keeps trying until {@link #close()}. */
  void start();

  /** True while connected and the birth state has been published. */
  boolean isConnected();

  /** Connected to the broker, the birth perhaps not yet published. */
  boolean isBrokerConnected();

  /** Publishes the birth again now (the native state, or Sparkplug NBIRTH and DBIRTHs). */
  void publishState() throws UplinkException;

  /** Publishes the death state if connected, then disconnects. */
  @Override
  void close();
}
