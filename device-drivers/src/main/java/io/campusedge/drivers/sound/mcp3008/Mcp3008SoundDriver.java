package io.campusedge.drivers.sound.mcp3008;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorFault;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.SpiDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples an analog sound module through an MCP3008 in a tight loop and reports {@code noise} in
 * dB[SPL]. The value is an uncalibrated estimate (see {@link SoundLevel}); SPI mode 0.
 */
final class Mcp3008SoundDriver implements DeviceDriver {
  private static final Logger log = LoggerFactory.getLogger(Mcp3008SoundDriver.class);

  private final SoundSensorConfig config;
  private final String where;
  private DriverContext context;
  private SensorOutput out;
  private SpiDevice spi;

  Mcp3008SoundDriver(SoundSensorConfig config) {
    this.config = config;
    this.where =
        String.format(
            "MCP3008 on SPI %d.%d channel %d", config.bus(), config.chipSelect(), config.channel());
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
      if (spi == null) {
        spi = context.buses().spi(config.bus(), config.chipSelect(), config.speedHz(), 0);
      }
      int[] codes = new int[config.samples()];
      byte[] request = Mcp3008Codec.singleEnded(config.channel());
      for (int i = 0; i < codes.length; i++) {
        codes[i] = Mcp3008Codec.code(spi.transfer(request));
      }
      SoundLevel.Level level = SoundLevel.of(codes, config.calibration());
      if (level.problem().isPresent()) {
        out.reachable();
        out.bad("noise", "dB[SPL]", where + ": " + level.problem().get());
        return;
      }
      out.reachable();
      double db = Math.round(level.db() * 10) / 10.0;
      if (level.warning().isPresent()) {
        out.uncertain("noise", db, "dB[SPL]", where + ": " + level.warning().get());
      } else {
        out.good("noise", db, "dB[SPL]");
      }
    } catch (BusException e) {
      forget();
      out.unreachable(e.getMessage());
      out.bad("noise", "dB[SPL]", e.getMessage() + " (is SPI enabled and the MCP3008 on CE0?)");
    } catch (SensorFault f) {
      out.unreachable(where + ": " + f.getMessage());
      out.bad("noise", "dB[SPL]", where + ": " + f.getMessage());
    } catch (RuntimeException e) {
      log.warn("{}: unexpected driver error", config.deviceId(), e);
      forget();
      out.bad("noise", "dB[SPL]", "driver error: " + e);
    }
  }

  private void forget() {
    if (spi != null) {
      spi.close();
      spi = null;
    }
  }

  @Override
  public void close() {
    forget();
  }
}
