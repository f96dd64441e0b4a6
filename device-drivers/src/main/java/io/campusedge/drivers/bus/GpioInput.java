package io.campusedge.drivers.bus;

/** A GPIO input pin. */
public interface GpioInput extends AutoCloseable {
  boolean isHigh() throws BusException;

  /**
   * Calls {@code listener} on every edge, from a bus thread, with the level after the edge and a
   * {@link System#nanoTime()} timestamp taken as close to the edge as the platform allows.
   */
  void onEdge(EdgeListener listener) throws BusException;

  @Override
  void close();

  /** Receives edges of a GPIO input. */
  @FunctionalInterface
  interface EdgeListener {
    void edge(boolean high, long nanoTime);
  }
}
