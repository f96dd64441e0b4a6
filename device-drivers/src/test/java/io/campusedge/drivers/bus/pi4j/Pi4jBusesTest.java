package io.campusedge.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.Pull;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked without a Raspberry Pi: nothing is opened at creation, and a missing device
 * file gives a clear reason without Pi4J ever being started.
 */
class Pi4jBusesTest {
  @TempDir Path dev;

  private Pi4jBuses buses() {
    return new Pi4jBuses(
        dev,
        () -> {
          throw new AssertionError("Pi4J must not start when the device file is missing");
        });
  }

  @Test
  void missingI2cBusSaysHowToEnableIt() {
    assertThatThrownBy(() -> buses().i2c(1, 0x76))
        .isInstanceOf(BusException.class)
        .hasMessageContaining("I2C bus 1 (device 0x76)")
        .hasMessageContaining("i2c-1 does not exist")
        .hasMessageContaining("raspi-config nonint do_i2c 0");
  }

  @Test
  void missingSpiDeviceSaysHowToEnableIt() {
    assertThatThrownBy(() -> buses().spi(0, 0, 1_000_000, 0))
        .isInstanceOf(BusException.class)
        .hasMessageContaining("spidev0.0 does not exist")
        .hasMessageContaining("do_spi 0");
  }

  @Test
  void missingGpioChipIsExplained() {
    assertThatThrownBy(() -> buses().gpioInput(17, Pull.DOWN))
        .isInstanceOf(BusException.class)
        .hasMessageContaining("GPIO 17")
        .hasMessageContaining("gpiochip0 does not exist");
  }

  @Test
  void unreadableDeviceFileNamesTheGroup() throws Exception {
    Path file = java.nio.file.Files.createFile(dev.resolve("i2c-1"));
    if (!file.toFile().setReadable(false, false) || file.toFile().canRead()) {
      return; // running as root: permissions cannot be taken away here
    }
    assertThatThrownBy(() -> buses().i2c(1, 0x76))
        .isInstanceOf(BusException.class)
        .hasMessageContaining("group 'i2c'");
  }

  @Test
  void pi4jRefusingTheBusBecomesABusExceptionAndCanBeRetried() throws Exception {
    // A device file is there but the kernel has no such I2C adapter (this machine is no Pi):
    // the real Pi4J context and linuxfs provider run and fail, and the failure is ours to report.
    java.nio.file.Files.createFile(dev.resolve("i2c-1"));
    try (Pi4jBuses buses = new Pi4jBuses(dev, Pi4jBuses::newContext)) {
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> buses.i2c(1, 0x76))
            .isInstanceOf(BusException.class)
            .hasMessageStartingWith("I2C bus 1 (device 0x76): ");
      }
    }
  }

  @Test
  void createdBusesDoNotTouchHardware() {
    Pi4jBuses.create().close();
  }
}
