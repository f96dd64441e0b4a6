package io.campusedge.agent.internal.uplink;

/** The connection to the campus broker: sends the outbox, receives acks and commands. */
public interface Uplink extends AutoCloseable {

  /** Starts connecting in the background; keeps trying until {@link #close()}. */
  void start();

  /** True while connected and the birth state has been published. */
  boolean isConnected();

  /** Publishes the death state if connected, then disconnects. */
  @Override
  void close();
}
