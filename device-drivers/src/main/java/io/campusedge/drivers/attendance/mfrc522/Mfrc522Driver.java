package io.campusedge.drivers.attendance.mfrc522;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.attendance.CardTapEmitter;
import io.campusedge.drivers.attendance.ReaderHealth;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.SpiDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MFRC522 card reader polled by the agent: each poll checks the chip is there (VersionReg),
 * initialises it after a power loss, and tries to read one card.
 */
final class Mfrc522Driver implements DeviceDriver {
  private static final Logger log = LoggerFactory.getLogger(Mfrc522Driver.class);

  private final String deviceId;
  private final Mfrc522Factory.Config config;
  private final ReaderHealth health;
  private final CardTapEmitter emitter;
  private DriverContext context;
  private SpiDevice spi;
  private Mfrc522 chip;

  /** False until the chip was set up, and again after it vanished or hung. */
  private boolean initialised;

  Mfrc522Driver(String deviceId, Mfrc522Factory.Config config) {
    this.deviceId = deviceId;
    this.config = config;
    this.health = new ReaderHealth(deviceId);
    this.emitter = new CardTapEmitter(deviceId, config.tap(), health);
  }

  @Override
  public void open(DriverContext context) {
    this.context = context;
    health.bind(context);
    emitter.open(context);
  }

  @Override
  public void poll() {
    if (context == null) {
      throw new IllegalStateException("poll() before open()");
    }
    if (!emitter.hasSiteKey()) {
      health.unreachable(CardTapEmitter.NO_SITE_KEY);
      return;
    }
    try {
      pollChip();
    } catch (BusException e) {
      initialised = false;
      health.unreachable(where() + ": " + e.getMessage());
    }
  }

  private void pollChip() throws BusException {
    if (spi == null) {
      spi = context.buses().spi(config.bus(), config.chipSelect(), config.speedHz(), 0);
      chip = new Mfrc522(spi);
    }
    int version = chip.version();
    if (!Mfrc522Registers.plausibleVersion(version)) {
      initialised = false;
      health.unreachable(
          String.format(
              "no MFRC522 answering on %s (VersionReg read 0x%02X; check wiring, 3.3 V supply and"
                  + " that SPI is enabled)",
              where(), version));
      return;
    }
    if (!initialised || !chip.initialised()) {
      chip.init(); // first poll, or the chip lost power and came back with reset values
      initialised = true;
      log.info(
          "{}: MFRC522 version 0x{} ready on {}", deviceId, Integer.toHexString(version), where());
    }
    CardSelector.Read read = CardSelector.read(chip);
    if (read instanceof CardSelector.Failed failed) {
      health.readFailed(failed.reason());
      return;
    }
    health.ok();
    if (read instanceof CardSelector.CardFound found) {
      emitter.cardRead(found.uid());
    }
  }

  private String where() {
    return "SPI " + config.bus() + "." + config.chipSelect();
  }

  @Override
  public void close() {
    emitter.close();
    if (spi != null) {
      spi.close();
      spi = null;
    }
    chip = null;
    initialised = false;
    context = null;
  }
}
