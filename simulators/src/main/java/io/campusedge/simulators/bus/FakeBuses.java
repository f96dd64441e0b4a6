package io.campusedge.simulators.bus;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.drivers.bus.GpioInput;
import io.campusedge.drivers.bus.GpioOutput;
import io.campusedge.drivers.bus.I2cDevice;
import io.campusedge.drivers.bus.Pull;
import io.campusedge.drivers.bus.SpiDevice;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Raspberry Pi's buses with simulated chips attached: drivers open them exactly as they open the
 * real ones. An address with no chip NACKs, as on a real bus.
 */
public final class FakeBuses implements Buses {
  private final Map<String, I2cChip> i2c = new ConcurrentHashMap<>();
  private final Map<String, SpiChip> spi = new ConcurrentHashMap<>();
  private final Map<Integer, FakeGpioPin> gpio = new ConcurrentHashMap<>();

  public FakeBuses attachI2c(int bus, int address, I2cChip chip) {
    i2c.put(bus + "/" + address, chip);
    return this;
  }

  /** Unplugs a chip: from now on its address NACKs. */
  public FakeBuses detachI2c(int bus, int address) {
    i2c.remove(bus + "/" + address);
    return this;
  }

  public FakeBuses attachSpi(int bus, int chipSelect, SpiChip chip) {
    spi.put(bus + "." + chipSelect, chip);
    return this;
  }

  /** The pin with BCM number {@code bcm}; created low on first use. */
  public FakeGpioPin pin(int bcm) {
    return gpio.computeIfAbsent(bcm, n -> new FakeGpioPin(n, false));
  }

  /** Addresses that acknowledge on {@code bus}, as an I2C scan would find them. */
  public java.util.SortedSet<Integer> i2cAddresses(int bus) {
    java.util.SortedSet<Integer> found = new java.util.TreeSet<>();
    String prefix = bus + "/";
    i2c.keySet().stream()
        .filter(key -> key.startsWith(prefix))
        .forEach(key -> found.add(Integer.parseInt(key.substring(prefix.length()))));
    return found;
  }

  @Override
  public I2cDevice i2c(int bus, int address) {
    return new FakeI2cDevice(bus, address);
  }

  @Override
  public SpiDevice spi(int bus, int chipSelect, int speedHz, int mode) {
    return new SpiDevice() {
      @Override
      public byte[] transfer(byte[] out) throws BusException {
        SpiChip chip = spi.get(bus + "." + chipSelect);
        if (chip == null) {
          // MISO floats high with nothing on the chip select.
          byte[] floating = new byte[out.length];
          java.util.Arrays.fill(floating, (byte) 0xFF);
          return floating;
        }
        return chip.transfer(out);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public GpioInput gpioInput(int bcmPin, Pull pull) {
    FakeGpioPin pin = pin(bcmPin);
    if (pull == Pull.UP && pin.transitions() == 0) {
      pin.drive(true);
    }
    return pin;
  }

  @Override
  public GpioOutput gpioOutput(int bcmPin, boolean initialHigh) {
    FakeGpioPin pin = pin(bcmPin);
    pin.drive(initialHigh);
    return pin;
  }

  /** Each transfer looks the chip up again, so unplugging and re-plugging works mid-run. */
  private final class FakeI2cDevice implements I2cDevice {
    private final int bus;
    private final int address;

    FakeI2cDevice(int bus, int address) {
      this.bus = bus;
      this.address = address;
    }

    private I2cChip chip() throws BusException {
      I2cChip chip = i2c.get(bus + "/" + address);
      if (chip == null) {
        throw new BusException(
            String.format("I2C bus %d: no device at 0x%02x (NACK)", bus, address));
      }
      return chip;
    }

    @Override
    public int bus() {
      return bus;
    }

    @Override
    public int address() {
      return address;
    }

    @Override
    public void write(byte[] data) throws BusException {
      chip().write(data);
    }

    @Override
    public byte[] read(int length) throws BusException {
      return chip().read(length);
    }

    @Override
    public byte[] readRegister(int register, int length) throws BusException {
      return chip().readRegister(register, length);
    }

    @Override
    public void close() {}
  }
}
