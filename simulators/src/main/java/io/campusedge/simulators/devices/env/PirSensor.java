package io.campusedge.simulators.devices.env;

import io.campusedge.simulators.bus.FakeGpioPin;

/**
 * A PIR module's output (HC-SR501 style: high while it sees motion, then low) driven onto a fake
 * GPIO pin with explicit edge times, so tests need not wait for debounce or hold times to pass.
 */
public final class PirSensor {
  private final FakeGpioPin pin;

  public PirSensor(FakeGpioPin pin) {
    this.pin = pin;
  }

  /** Motion seen from {@code startNanos} for {@code durationNanos} ({@link System#nanoTime}). */
  public void motion(long startNanos, long durationNanos) {
    pin.drive(true, startNanos);
    pin.drive(false, startNanos + durationNanos);
  }

  /** Motion starting at {@code startNanos} and still going on. */
  public void motionStarted(long startNanos) {
    pin.drive(true, startNanos);
  }

  public void motionEnded(long endNanos) {
    pin.drive(false, endNanos);
  }

  /** A spike shorter than any debounce: a nearby relay or a long unshielded cable. */
  public void glitch(long atNanos) {
    pin.drive(true, atNanos);
    pin.drive(false, atNanos + 2_000_000);
  }
}
