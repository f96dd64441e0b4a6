package io.campusedge.drivers.bus.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiMode;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProvider;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.drivers.bus.GpioInput;
import io.campusedge.drivers.bus.GpioOutput;
import io.campusedge.drivers.bus.I2cDevice;
import io.campusedge.drivers.bus.Pull;
import io.campusedge.drivers.bus.SpiDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The buses of a Raspberry Pi through Pi4J 2: I2C and SPI on the Linux device files (linuxfs
 * plug-in), GPIO on the GPIO character device (gpiod plug-in, works on Pi 4 and Pi 5 with Raspberry
 * Pi OS bookworm). Nothing is opened until a driver asks, and the device file is checked first, so
 * a machine without I2C gets a {@link BusException} saying how to enable it instead of a failure at
 * start-up.
 */
public final class Pi4jBuses implements Buses, AutoCloseable {
  private final Path dev;
  private final Supplier<Context> contextFactory;
  private Context context;

  Pi4jBuses(Path dev, Supplier<Context> contextFactory) {
    this.dev = dev;
    this.contextFactory = contextFactory;
  }

  /** The machine's buses under /dev; the Pi4J context is built on first use. */
  public static Pi4jBuses create() {
    return new Pi4jBuses(Path.of("/dev"), Pi4jBuses::newContext);
  }

  static Context newContext() {
    // Only the providers we use: no auto-detection that would probe for other hardware.
    return Pi4J.newContextBuilder()
        .noAutoDetect()
        .add(
            LinuxFsI2CProvider.newInstance(),
            LinuxFsSpiProvider.newInstance(),
            GpioDDigitalInputProvider.newInstance(),
            GpioDDigitalOutputProvider.newInstance())
        .build();
  }

  @Override
  public I2cDevice i2c(int bus, int address) throws BusException {
    String what = String.format("I2C bus %d (device 0x%02x)", bus, address);
    requireDeviceFile(
        "i2c-" + bus,
        what,
        "enable I2C with 'sudo raspi-config nonint do_i2c 0' and reboot",
        "i2c");
    String id = String.format("i2c-%d-%02x", bus, address);
    release(id);
    I2C i2c =
        call(
            what,
            () ->
                context()
                    .create(
                        I2C.newConfigBuilder(context())
                            .id(id)
                            .bus(bus)
                            .device(address)
                            .provider(LinuxFsI2CProvider.ID)
                            .build()));
    return new Pi4jI2cDevice(i2c, bus, address, () -> release(id));
  }

  @Override
  public SpiDevice spi(int bus, int chipSelect, int speedHz, int mode) throws BusException {
    String what = "SPI " + bus + "." + chipSelect;
    requireDeviceFile(
        "spidev" + bus + "." + chipSelect,
        what,
        "enable SPI with 'sudo raspi-config nonint do_spi 0' and reboot",
        "spi");
    String id = "spi-" + bus + "-" + chipSelect;
    release(id);
    Spi spi =
        call(
            what,
            () ->
                context()
                    .create(
                        Spi.newConfigBuilder(context())
                            .id(id)
                            .bus(bus)
                            .channel(chipSelect)
                            .baud(speedHz)
                            .mode(SpiMode.getByNumber(mode))
                            .provider(LinuxFsSpiProvider.ID)
                            .build()));
    return new Pi4jSpiDevice(spi, what, () -> release(id));
  }

  @Override
  public GpioInput gpioInput(int bcmPin, Pull pull) throws BusException {
    String what = "GPIO " + bcmPin;
    requireGpioChip(what);
    String id = "gpio-in-" + bcmPin;
    release(id);
    DigitalInput input =
        call(
            what,
            () ->
                context()
                    .create(
                        DigitalInput.newConfigBuilder(context())
                            .id(id)
                            .address(bcmPin)
                            .pull(pullResistance(pull))
                            .provider(GpioDDigitalInputProvider.ID)
                            .build()));
    return new Pi4jGpioInput(input, what, () -> release(id));
  }

  @Override
  public GpioOutput gpioOutput(int bcmPin, boolean initialHigh) throws BusException {
    String what = "GPIO " + bcmPin;
    requireGpioChip(what);
    String id = "gpio-out-" + bcmPin;
    release(id);
    DigitalOutput output =
        call(
            what,
            () ->
                context()
                    .create(
                        DigitalOutput.newConfigBuilder(context())
                            .id(id)
                            .address(bcmPin)
                            .initial(initialHigh ? DigitalState.HIGH : DigitalState.LOW)
                            .shutdown(DigitalState.LOW)
                            .provider(GpioDDigitalOutputProvider.ID)
                            .build()));
    return new Pi4jGpioOutput(output, what, () -> release(id));
  }

  private static PullResistance pullResistance(Pull pull) {
    return switch (pull) {
      case UP -> PullResistance.PULL_UP;
      case DOWN -> PullResistance.PULL_DOWN;
      case NONE -> PullResistance.OFF;
    };
  }

  /** Fails with what to do when the device file is missing or not ours to open. */
  void requireDeviceFile(String name, String what, String howToEnable, String group)
      throws BusException {
    Path file = dev.resolve(name);
    if (!Files.exists(file)) {
      throw new BusException(what + ": " + file + " does not exist (" + howToEnable + ")");
    }
    if (!Files.isReadable(file) || !Files.isWritable(file)) {
      throw new BusException(
          what
              + ": no permission to open "
              + file
              + " (add the agent's user to group '"
              + group
              + "')");
    }
  }

  private void requireGpioChip(String what) throws BusException {
    requireDeviceFile(
        "gpiochip0",
        what,
        "this machine has no GPIO character device; not a Raspberry Pi?",
        "gpio");
  }

  /** Shuts an I/O down and drops it from Pi4J's registry, so the same id can be opened again. */
  private synchronized void release(String id) {
    if (context == null || !context.registry().exists(id)) {
      return;
    }
    try {
      context.shutdown(id);
    } catch (RuntimeException e) {
      // Already gone or failed: it can be created again either way.
    }
  }

  private synchronized Context context() {
    if (context == null) {
      context = contextFactory.get();
    }
    return context;
  }

  /** Pi4J reports trouble with runtime exceptions; the port promises checked ones. */
  static <T> T call(String what, Supplier<T> action) throws BusException {
    try {
      return action.get();
    } catch (RuntimeException | LinkageError e) {
      throw new BusException(what + ": " + describe(e), e);
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  @Override
  public synchronized void close() {
    if (context != null) {
      try {
        context.shutdown();
      } catch (RuntimeException e) {
        // Shutting down on exit: nothing left to report to.
      }
      context = null;
    }
  }
}
