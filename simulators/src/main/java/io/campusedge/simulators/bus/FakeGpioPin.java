package io.campusedge.simulators.bus;

import io.campusedge.drivers.bus.GpioInput;
import io.campusedge.drivers.bus.GpioOutput;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A GPIO pin of the fake machine. A simulator drives it as an input ({@link #drive}); a driver
 * drives it as an output and the simulator reads {@link #isHighNow()}.
 */
public final class FakeGpioPin implements GpioInput, GpioOutput {
  private final int bcm;
  private final List<EdgeListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean high;
  private volatile int transitions;

  FakeGpioPin(int bcm, boolean initialHigh) {
    this.bcm = bcm;
    this.high = initialHigh;
  }

  public int bcm() {
    return bcm;
  }

  /** Sets the level from outside (the simulated device) and notifies listeners on a change. */
  public void drive(boolean level, long nanoTime) {
    if (level == high) {
      return;
    }
    high = level;
    transitions++;
    for (EdgeListener listener : listeners) {
      listener.edge(level, nanoTime);
    }
  }

  public void drive(boolean level) {
    drive(level, System.nanoTime());
  }

  public boolean isHighNow() {
    return high;
  }

  /** How many times the level changed, e.g. to count buzzer beeps. */
  public int transitions() {
    return transitions;
  }

  @Override
  public boolean isHigh() {
    return high;
  }

  @Override
  public void onEdge(EdgeListener listener) {
    listeners.add(listener);
  }

  @Override
  public void set(boolean level) {
    drive(level);
  }

  @Override
  public void close() {
    listeners.clear();
  }
}
