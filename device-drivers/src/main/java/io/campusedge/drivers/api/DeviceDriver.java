package io.campusedge.drivers.api;

import java.util.Optional;

/**
 * One device on a bus or network. Drivers never throw for device trouble: a missing, silent or
 * garbled device becomes a BAD reading or an unreachable {@code DeviceStatus} with a reason, and
 * the driver tries again on the next poll.
 */
public interface DeviceDriver extends AutoCloseable {

  /** Binds the driver to its sink and clock and opens the bus. Called once, before any poll. */
  void open(DriverContext context);

  /** Reads the device once and hands what it found to the context's sink. */
  void poll();

  /**
   * The commands this device accepts from the hub (power off, input select, ...), or empty for a
   * device that only reports. Available after {@link #open}.
   */
  default Optional<DeviceActions> actions() {
    return Optional.empty();
  }

  /** Releases the bus. Never throws. */
  @Override
  void close();
}
