package io.campusedge.drivers.bus.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.GpioInput;

/**
 * A GPIO input over Pi4J's gpiod provider. Pi4J does not hand out the kernel's edge timestamp, so
 * the edge is timed when its event reaches Java (typically well under a millisecond later).
 */
final class Pi4jGpioInput implements GpioInput {
  private final DigitalInput input;
  private final String where;
  private final Runnable release;

  Pi4jGpioInput(DigitalInput input, String where, Runnable release) {
    this.input = input;
    this.where = where;
    this.release = release;
  }

  @Override
  public boolean isHigh() throws BusException {
    return Pi4jBuses.call(where + " read", input::isHigh);
  }

  @Override
  public void onEdge(EdgeListener listener) throws BusException {
    DigitalStateChangeListener adapter =
        event -> listener.edge(event.state() == DigitalState.HIGH, System.nanoTime());
    Pi4jBuses.call(where + " edge listener", () -> input.addListener(adapter));
  }

  @Override
  public void close() {
    release.run();
  }
}
