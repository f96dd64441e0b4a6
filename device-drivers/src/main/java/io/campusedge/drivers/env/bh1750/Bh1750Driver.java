package io.campusedge.drivers.env.bh1750;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorFault;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.I2cDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads illuminance from a BH1750 in high-resolution mode (1 lx steps). In one-time mode every poll
 * powers the chip on, starts one conversion and waits for it, so a chip that lost power in between
 * needs no special care. In continuous mode the chip is set up once and after every bus failure.
 * The chip has no id register: a wrong device at the address shows only as odd values.
 */
final class Bh1750Driver implements DeviceDriver {
  private static final Logger log = LoggerFactory.getLogger(Bh1750Driver.class);

  private final Bh1750Config config;
  private final long conversionMillis;
  private final String where;
  private DriverContext context;
  private SensorOutput out;
  private I2cDevice device;
  private boolean converting;

  Bh1750Driver(Bh1750Config config, long conversionMillis) {
    this.config = config;
    this.conversionMillis = conversionMillis;
    this.where = String.format("BH1750 on I2C bus %d at 0x%02x", config.bus(), config.address());
  }

  @Override
  public void open(DriverContext context) {
    this.context = context;
    this.out = new SensorOutput(config.deviceId(), context);
  }

  @Override
  public void poll() {
    if (out == null) {
      throw new IllegalStateException("poll() before open()");
    }
    try {
      if (device == null) {
        device = context.buses().i2c(config.bus(), config.address());
      }
      if (!config.continuous() || !converting) {
        device.write(new byte[] {Bh1750Codec.POWER_ON});
        device.write(
            new byte[] {
              (byte)
                  (config.continuous()
                      ? Bh1750Codec.CONTINUOUS_HIGH_RES
                      : Bh1750Codec.ONE_TIME_HIGH_RES)
            });
        pause(conversionMillis);
        converting = config.continuous();
      }
      int count = Bh1750Codec.count(device.read(2));
      out.reachable();
      if (count == Bh1750Codec.FULL_SCALE) {
        out.bad(
            "illuminance",
            "lx",
            where + ": reads full scale 0xffff (direct sunlight on the sensor, or a bus fault)");
        return;
      }
      out.good("illuminance", Math.round(count / 1.2 * 10) / 10.0, "lx");
    } catch (BusException e) {
      forget();
      out.unreachable(e.getMessage());
      out.bad(
          "illuminance",
          "lx",
          e.getMessage() + " (is the BH1750 wired to 3.3V, SDA/SCL to GPIO2/GPIO3?)");
    } catch (SensorFault f) {
      converting = converting && !f.reinitialise();
      out.bad("illuminance", "lx", where + ": " + f.getMessage());
    } catch (RuntimeException e) {
      log.warn("{}: unexpected driver error", config.deviceId(), e);
      forget();
      out.bad("illuminance", "lx", "driver error: " + e);
    }
  }

  private void forget() {
    converting = false;
    if (device != null) {
      device.close();
      device = null;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    forget();
  }
}
