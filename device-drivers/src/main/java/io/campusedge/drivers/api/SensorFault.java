package io.campusedge.drivers.api;

/**
 * A device answered, but with bytes that cannot be a valid value: wrong chip id, CRC mismatch,
 * stuck status, a value outside the sensor's range. Stays inside drivers, which turn it into a BAD
 * reading carrying {@link #getMessage()}; {@link #reinitialise()} says the device must be set up
 * again before the next measurement.
 */
public class SensorFault extends Exception {
  private final boolean reinitialise;

  public SensorFault(String message, boolean reinitialise) {
    super(message);
    this.reinitialise = reinitialise;
  }

  public boolean reinitialise() {
    return reinitialise;
  }
}
