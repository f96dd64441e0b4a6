package io.campusedge.drivers.bus;

/**
 * A bus transfer or open failed: NACK, no such bus, permission denied. The message names the bus
 * and address so a technician can act on it ("I2C bus 1: no device at 0x76").
 */
public class BusException extends Exception {
  public BusException(String message) {
    super(message);
  }

  public BusException(String message, Throwable cause) {
    super(message, cause);
  }
}
