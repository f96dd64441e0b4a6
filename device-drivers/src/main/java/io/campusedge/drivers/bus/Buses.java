package io.campusedge.drivers.bus;

/**
 * Opens the buses of the machine the agent runs on. Production uses Pi4J on a Raspberry Pi; tests
 * and the demo use register-level fakes from {@code simulators}. Drivers depend on this narrow port
 * only, never on Pi4J.
 */
public interface Buses {

  /** The device at 7-bit {@code address} on I2C bus {@code bus} (/dev/i2c-{bus}). */
  I2cDevice i2c(int bus, int address) throws BusException;

  /** SPI bus {@code bus}, chip select {@code chipSelect} (/dev/spidev{bus}.{cs}). */
  SpiDevice spi(int bus, int chipSelect, int speedHz, int mode) throws BusException;

  /** A GPIO input by BCM number. */
  GpioInput gpioInput(int bcmPin, Pull pull) throws BusException;

  /** A GPIO output by BCM number, driven to {@code initialHigh} when opened. */
  GpioOutput gpioOutput(int bcmPin, boolean initialHigh) throws BusException;

  /** Buses of a machine without any (a developer laptop): every open fails with a clear reason. */
  static Buses none() {
    return NoBuses.INSTANCE;
  }
}
