package io.campusedge.drivers.bus;

/** A GPIO output pin (buzzer, LED). */
public interface GpioOutput extends AutoCloseable {
  void set(boolean high) throws BusException;

  @Override
  void close();
}
