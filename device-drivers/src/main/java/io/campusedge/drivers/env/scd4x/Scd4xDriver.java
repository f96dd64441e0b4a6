package io.campusedge.drivers.env.scd4x;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorFault;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.I2cDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an SCD40/SCD41 in periodic measurement mode (a new value every 5 s) and reads it when the
 * data-ready flag says so. Setting up means: stop any running measurement (the agent may have
 * restarted), set self-calibration and altitude or pressure, start periodic measurement. It is done
 * again after a bus failure or when no new data arrives for {@code maxDataWait} (a power-cycled
 * sensor comes back idle and never sets data-ready).
 */
final class Scd4xDriver implements DeviceDriver {
  private static final Logger log = LoggerFactory.getLogger(Scd4xDriver.class);

  /** Wait times from the command tables of datasheet section 3.5-3.8. */
  record Timing(long afterStopMillis, long commandMillis) {
    static final Timing DATASHEET = new Timing(500, 1);
  }

  private final Scd4xConfig config;
  private final Timing timing;
  private final String where;
  private DriverContext context;
  private SensorOutput out;
  private I2cDevice device;
  private boolean measuring;
  private long lastDataMs;

  Scd4xDriver(Scd4xConfig config, Timing timing) {
    this.config = config;
    this.timing = timing;
    this.where = String.format("SCD4x on I2C bus %d at 0x%02x", config.bus(), config.address());
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
      if (!measuring) {
        start();
      }
      readIfReady();
    } catch (BusException e) {
      forget();
      out.unreachable(e.getMessage());
      allBad(e.getMessage() + " (is the SCD4x wired to 3.3V, SDA/SCL to GPIO2/GPIO3?)");
    } catch (SensorFault f) {
      if (f.reinitialise()) {
        measuring = false;
      }
      allBad(f.getMessage());
    } catch (RuntimeException e) {
      log.warn("{}: unexpected driver error", config.deviceId(), e);
      forget();
      allBad("driver error: " + e);
    }
  }

  private void start() throws BusException {
    if (device == null) {
      device = context.buses().i2c(config.bus(), config.address());
    }
    try {
      device.write(Scd4xCodec.command(Scd4xCodec.STOP_PERIODIC_MEASUREMENT));
      pause(timing.afterStopMillis());
    } catch (BusException idleAlready) {
      // Tolerated: an idle sensor may refuse stop; a missing one fails the next command.
      log.debug("{}: stop before setup refused: {}", config.deviceId(), idleAlready.getMessage());
    }
    send(Scd4xCodec.SET_AUTOMATIC_SELF_CALIBRATION_ENABLED, config.autoSelfCalibration() ? 1 : 0);
    if (config.altitudeMetres().isPresent()) {
      send(Scd4xCodec.SET_SENSOR_ALTITUDE, config.altitudeMetres().getAsInt());
    }
    device.write(Scd4xCodec.command(Scd4xCodec.START_PERIODIC_MEASUREMENT));
    pause(timing.commandMillis());
    // Ambient pressure is the one setting accepted while measuring (datasheet 3.6.5).
    if (config.ambientPressureHpa().isPresent()) {
      send(Scd4xCodec.SET_AMBIENT_PRESSURE, config.ambientPressureHpa().getAsInt());
    }
    measuring = true;
    lastDataMs = out.now();
    log.info("{}: periodic measurement started on {}", config.deviceId(), where);
  }

  private void send(int command, int argument) throws BusException {
    device.write(Scd4xCodec.command(command, argument));
    pause(timing.commandMillis());
  }

  private int[] query(int command, int words, String name) throws BusException, SensorFault {
    device.write(Scd4xCodec.command(command));
    pause(timing.commandMillis());
    return Scd4xCodec.decodeWords(device.read(words * 3), words, where + ": " + name);
  }

  private void readIfReady() throws BusException, SensorFault {
    int status = query(Scd4xCodec.GET_DATA_READY_STATUS, 1, "get_data_ready_status")[0];
    if (!Scd4xCodec.dataReady(status)) {
      long waited = out.now() - lastDataMs;
      if (waited > config.maxDataWait().toMillis()) {
        throw new SensorFault(
            String.format(
                "%s: no new measurement for %d s (data-ready flag never set); restarting it",
                where, waited / 1000),
            true);
      }
      out.reachable();
      return;
    }
    int[] words = query(Scd4xCodec.READ_MEASUREMENT, 3, "read_measurement");
    lastDataMs = out.now();
    out.reachable();
    Scd4xCodec.Measurement m = Scd4xCodec.convert(words);
    emit(m);
  }

  private void emit(Scd4xCodec.Measurement m) {
    // Output range of datasheet table 1-3: CO2 0-40000 ppm, T -10..60 °C, RH 0..100 %.
    if (m.co2Ppm() > 40_000) {
      out.bad("co2", "[ppm]", where + ": CO2 " + m.co2Ppm() + " ppm is above the 40000 ppm range");
    } else {
      out.good("co2", (double) m.co2Ppm(), "[ppm]");
    }
    if (m.celsius() < -10 || m.celsius() > 60) {
      out.bad(
          "temperature",
          "Cel",
          String.format("%s: temperature %.2f °C is outside -10..60 °C", where, m.celsius()));
    } else {
      out.good("temperature", round(m.celsius(), 2), "Cel");
    }
    out.good("humidity", round(m.humidityPercent(), 2), "%");
  }

  private void allBad(String reason) {
    out.bad("co2", "[ppm]", reason);
    out.bad("temperature", "Cel", reason);
    out.bad("humidity", "%", reason);
  }

  private void forget() {
    measuring = false;
    if (device != null) {
      device.close();
      device = null;
    }
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (device != null && measuring) {
      try {
        device.write(Scd4xCodec.command(Scd4xCodec.STOP_PERIODIC_MEASUREMENT));
      } catch (BusException e) {
        log.debug("{}: stop on close failed: {}", config.deviceId(), e.getMessage());
      }
    }
    forget();
  }
}
