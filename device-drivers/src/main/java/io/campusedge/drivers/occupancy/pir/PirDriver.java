package io.campusedge.drivers.occupancy.pir;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.GpioInput;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PIR motion sensor (HC-SR501 style) on one GPIO input. Edges are timed by the bus as they
 * happen; each poll reports {@code occupied} and the {@code motion_count} since the previous poll.
 * A pin that cannot be opened gives BAD readings and is tried again on the next poll.
 */
final class PirDriver implements DeviceDriver {
  private static final Logger log = LoggerFactory.getLogger(PirDriver.class);

  private final PirConfig config;
  private final LongSupplier nanoClock;
  private final MotionDetector detector;
  private SensorOutput out;
  private DriverContext context;
  private GpioInput input;

  PirDriver(PirConfig config, LongSupplier nanoClock) {
    this.config = config;
    this.nanoClock = nanoClock;
    this.detector = new MotionDetector(config.debounce().toNanos(), config.hold().toNanos());
  }

  @Override
  public void open(DriverContext context) {
    this.context = context;
    this.out = new SensorOutput(config.deviceId(), context);
    // Listen from now on, so motion before the first poll counts; failures are reported by poll.
    attach(false);
  }

  @Override
  public void poll() {
    if (out == null) {
      throw new IllegalStateException("poll() before open()");
    }
    if (input == null && !attach(true)) {
      return;
    }
    out.reachable();
    MotionDetector.Snapshot s = detector.poll(nanoClock.getAsLong());
    if (s.glitches() > 0) {
      log.debug("{}: ignored {} pulses shorter than debounce", config.deviceId(), s.glitches());
    }
    out.good("occupied", s.occupied(), "1");
    out.good("motion_count", (long) s.motionCount(), "1");
  }

  private boolean attach(boolean report) {
    try {
      GpioInput pin = context.buses().gpioInput(config.bcmPin(), config.pull());
      pin.onEdge((level, nanos) -> detector.edge(level != config.activeLow(), nanos));
      // An output already active when we start listening has been for at least the debounce.
      long now = nanoClock.getAsLong();
      detector.edge(pin.isHigh() != config.activeLow(), now - config.debounce().toNanos());
      input = pin;
      if (report) {
        out.reachable();
      }
      return true;
    } catch (BusException | RuntimeException e) {
      if (!report) {
        return false;
      }
      String reason =
          "GPIO "
              + config.bcmPin()
              + ": "
              + e.getMessage()
              + " (is the PIR output on this BCM pin and the agent in group gpio?)";
      out.unreachable(reason);
      out.bad("occupied", "1", reason);
      out.bad("motion_count", "1", reason);
      return false;
    }
  }

  @Override
  public void close() {
    if (input != null) {
      input.close();
      input = null;
    }
  }
}
