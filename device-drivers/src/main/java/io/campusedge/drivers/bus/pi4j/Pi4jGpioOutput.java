package io.campusedge.drivers.bus.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.GpioOutput;

/** A GPIO output over Pi4J's gpiod provider. */
final class Pi4jGpioOutput implements GpioOutput {
  private final DigitalOutput output;
  private final String where;
  private final Runnable release;

  Pi4jGpioOutput(DigitalOutput output, String where, Runnable release) {
    this.output = output;
    this.where = where;
    this.release = release;
  }

  @Override
  public void set(boolean high) throws BusException {
    Pi4jBuses.call(
        where + " write", () -> output.state(high ? DigitalState.HIGH : DigitalState.LOW));
  }

  @Override
  public void close() {
    release.run();
  }
}
