package io.campusedge.drivers.attendance.wiegand;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.attendance.CardTapEmitter;
import io.campusedge.drivers.attendance.ReaderHealth;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.GpioInput;
import io.campusedge.drivers.bus.Pull;
import java.util.List;

/**
 * A Wiegand reader on two GPIO inputs. Edges are decoded as they arrive on the bus thread; each
 * poll closes a frame that has been quiet for the frame gap and turns it into a tap. A Wiegand
 * reader has no way to say it is there, so an unplugged reader is silent, not an error.
 */
final class WiegandDriver implements DeviceDriver {
  private final String deviceId;
  private final WiegandFactory.Config config;
  private final ReaderHealth health;
  private final CardTapEmitter emitter;
  private final WiegandDecoder decoder;
  private DriverContext context;
  private GpioInput d0;
  private GpioInput d1;

  WiegandDriver(String deviceId, WiegandFactory.Config config) {
    this.deviceId = deviceId;
    this.config = config;
    this.health = new ReaderHealth(deviceId);
    this.emitter = new CardTapEmitter(deviceId, config.tap(), health);
    this.decoder = new WiegandDecoder(config.format(), config.frameGap().toNanos());
  }

  @Override
  public void open(DriverContext context) {
    this.context = context;
    health.bind(context);
    emitter.open(context);
    openLines();
  }

  private boolean openLines() {
    if (d0 != null) {
      return true;
    }
    GpioInput line0 = null;
    try {
      line0 = context.buses().gpioInput(config.d0Pin(), Pull.UP);
      GpioInput line1 = context.buses().gpioInput(config.d1Pin(), Pull.UP);
      line0.onEdge((high, nanos) -> decoder.edge(false, high, nanos));
      line1.onEdge((high, nanos) -> decoder.edge(true, high, nanos));
      d0 = line0;
      d1 = line1;
      if (emitter.hasSiteKey()) {
        health.ok();
      }
      return true;
    } catch (BusException e) {
      if (line0 != null) {
        line0.close();
      }
      health.unreachable(
          "Wiegand D0/D1 on GPIO " + config.d0Pin() + "/" + config.d1Pin() + ": " + e.getMessage());
      return false;
    }
  }

  @Override
  public void poll() {
    if (context == null) {
      throw new IllegalStateException("poll() before open()");
    }
    if (!openLines()) {
      return;
    }
    List<WiegandFrame> frames = decoder.drain(System.nanoTime());
    for (WiegandFrame frame : frames) {
      if (frame instanceof WiegandFrame.Card card) {
        if (emitter.cardRead(card.id()) != CardTapEmitter.Outcome.NO_SITE_KEY) {
          health.ok();
        }
      } else if (frame instanceof WiegandFrame.Rejected rejected) {
        health.readFailed(rejected.reason());
      }
    }
    if (frames.isEmpty() && !emitter.hasSiteKey()) {
      health.unreachable(CardTapEmitter.NO_SITE_KEY);
    }
  }

  @Override
  public void close() {
    emitter.close();
    if (d0 != null) {
      d0.close();
      d1.close();
      d0 = null;
      d1 = null;
    }
    context = null;
  }

  @Override
  public String toString() {
    return "WiegandDriver[" + deviceId + "]";
  }
}
