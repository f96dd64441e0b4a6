package io.campusedge.drivers.env.bme280;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.SensorFault;
import io.campusedge.drivers.api.SensorOutput;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.I2cDevice;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a BME280 (temperature, humidity, pressure) or BMP280 (temperature, pressure) in forced
 * mode: one conversion per poll, so the sensor sleeps (and does not self-heat) between polls. The
 * chip id and calibration are read again after every bus failure, so a replaced or power-cycled
 * sensor is picked up by itself.
 */
final class Bme280Driver implements DeviceDriver {
  private static final Logger log = LoggerFactory.getLogger(Bme280Driver.class);
  private static final long STATUS_POLL_MILLIS = 2;

  private final Bme280Config config;
  private final String where;
  private SensorOutput out;
  private DriverContext context;
  private I2cDevice device;
  private Session session;
  private Optional<Bme280Variant> lastVariant = Optional.empty();

  /** A chip that has been identified and whose calibration has been read. */
  private record Session(Bme280Variant variant, Bme280Calibration calibration) {}

  Bme280Driver(Bme280Config config) {
    this.config = config;
    this.where = String.format("I2C bus %d address 0x%02x", config.bus(), config.address());
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
      if (session == null) {
        session = initialise();
      }
      Bme280Readout.Measurement m = measure(session);
      out.reachable();
      out.good("temperature", m.celsius(), "Cel");
      m.humidity().ifPresent(h -> out.good("humidity", h, "%"));
      out.good("pressure", m.pascal(), "Pa");
    } catch (BusException e) {
      forget();
      out.unreachable(e.getMessage());
      allBad(e.getMessage() + " (is the BME280 wired to 3.3V, SDA/SCL to GPIO2/GPIO3?)");
    } catch (SensorFault f) {
      if (f.reinitialise()) {
        session = null;
      }
      allBad(f.getMessage());
    } catch (RuntimeException e) {
      log.warn("{}: unexpected driver error", config.deviceId(), e);
      forget();
      allBad("driver error: " + e);
    }
  }

  private Session initialise() throws BusException, SensorFault {
    if (device == null) {
      device = context.buses().i2c(config.bus(), config.address());
    }
    int id = exactly(device.readRegister(Bme280Registers.CHIP_ID, 1), 1, "chip id")[0] & 0xFF;
    Optional<Bme280Variant> variant = Bme280Variant.byChipId(id);
    if (variant.isEmpty()) {
      out.unreachable(wrongChip(id));
      throw new SensorFault(wrongChip(id), true);
    }
    Bme280Variant v = variant.get();
    byte[] tp =
        exactly(
            device.readRegister(Bme280Registers.CALIB_TP, Bme280Calibration.TP_LENGTH),
            Bme280Calibration.TP_LENGTH,
            "calibration");
    byte[] h =
        v.humidity
            ? exactly(
                device.readRegister(Bme280Registers.CALIB_H, Bme280Calibration.H_LENGTH),
                Bme280Calibration.H_LENGTH,
                "humidity calibration")
            : null;
    if (uniform(tp)) {
      throw new SensorFault(
          String.format(
              "%s: calibration NVM reads all 0x%02x (bus fault or not a Bosch sensor)",
              where, tp[0] & 0xFF),
          true);
    }
    Bme280Calibration calibration = Bme280Calibration.decode(tp, h);
    Optional<String> wrong = calibration.implausibility();
    if (wrong.isPresent()) {
      throw new SensorFault(where + ": " + wrong.get(), true);
    }
    lastVariant = variant;
    log.info("{}: {} found at {}", config.deviceId(), v, where);
    return new Session(v, calibration);
  }

  private String wrongChip(int id) {
    return String.format(
        "%s: chip id 0x%02x is not a BME280 (0x60) or BMP280 (0x58); another device at this"
            + " address?",
        where, id);
  }

  private Bme280Readout.Measurement measure(Session s) throws BusException, SensorFault {
    int osr = config.oversampling();
    if (s.variant().humidity) {
      device.write(
          new byte[] {(byte) Bme280Registers.CTRL_HUM, (byte) Bme280Registers.ctrlHum(osr)});
    }
    device.write(
        new byte[] {
          (byte) Bme280Registers.CTRL_MEAS,
          (byte) Bme280Registers.ctrlMeas(osr, Bme280Registers.MODE_FORCED)
        });
    awaitConversion(s.variant().humidity);
    int length = s.variant().humidity ? 8 : 6;
    byte[] data = exactly(device.readRegister(Bme280Registers.DATA, length), length, "data");
    Bme280Registers.Raw raw = Bme280Registers.splitData(data, s.variant().humidity);
    return Bme280Readout.compensate(where, s.variant().humidity, s.calibration(), raw);
  }

  private void awaitConversion(boolean humidity) throws BusException, SensorFault {
    long typical = (long) Math.ceil(Bme280Registers.maxMeasurementMillis(1, humidity) / 2);
    long deadline = System.nanoTime() + config.measurementTimeout().toNanos();
    pause(typical);
    while (true) {
      int status = exactly(device.readRegister(Bme280Registers.STATUS, 1), 1, "status")[0];
      if ((status & Bme280Registers.STATUS_MEASURING) == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new SensorFault(
            where
                + ": measurement did not finish within "
                + config.measurementTimeout().toMillis()
                + "ms (status register stuck at measuring)",
            true);
      }
      pause(STATUS_POLL_MILLIS);
    }
  }

  private byte[] exactly(byte[] bytes, int length, String what) throws SensorFault {
    if (bytes == null || bytes.length != length) {
      throw new SensorFault(
          String.format(
              "%s: %s read returned %d bytes instead of %d (%s)",
              where,
              what,
              bytes == null ? 0 : bytes.length,
              length,
              bytes == null ? "" : hex(bytes)),
          true);
    }
    return bytes;
  }

  private static boolean uniform(byte[] bytes) {
    for (byte b : bytes) {
      if (b != bytes[0]) {
        return false;
      }
    }
    return (bytes[0] & 0xFF) == 0xFF || bytes[0] == 0;
  }

  static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      b.append(String.format("%02x", x & 0xFF));
    }
    return b.toString();
  }

  private void allBad(String reason) {
    out.bad("temperature", "Cel", reason);
    if (lastVariant.map(v -> v.humidity).orElse(true)) {
      out.bad("humidity", "%", reason);
    }
    out.bad("pressure", "Pa", reason);
  }

  private void forget() {
    session = null;
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
