package io.campusedge.drivers.bus;

/** A machine with no I2C, SPI or GPIO: explains that instead of failing obscurely. */
enum NoBuses implements Buses {
  INSTANCE;

  private static BusException unavailable(String what) {
    return new BusException(
        what + " is not available on this machine (no Raspberry Pi bus support configured)");
  }

  @Override
  public I2cDevice i2c(int bus, int address) throws BusException {
    throw unavailable(String.format("I2C bus %d (device 0x%02x)", bus, address));
  }

  @Override
  public SpiDevice spi(int bus, int chipSelect, int speedHz, int mode) throws BusException {
    throw unavailable("SPI " + bus + "." + chipSelect);
  }

  @Override
  public GpioInput gpioInput(int bcmPin, Pull pull) throws BusException {
    throw unavailable("GPIO " + bcmPin);
  }

  @Override
  public GpioOutput gpioOutput(int bcmPin, boolean initialHigh) throws BusException {
    throw unavailable("GPIO " + bcmPin);
  }
}
