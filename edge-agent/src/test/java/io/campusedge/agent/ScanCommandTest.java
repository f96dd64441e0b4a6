package io.campusedge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.drivers.bus.GpioInput;
import io.campusedge.drivers.bus.GpioOutput;
import io.campusedge.drivers.bus.I2cDevice;
import io.campusedge.drivers.bus.Pull;
import io.campusedge.drivers.bus.SpiDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScanCommandTest {

  @Test
  void listsTheChipsThatAnswerAndNamesAConfirmedBme280() {
    Run run = scan(() -> new OneBme280At0x76(), "--bus", "1");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .contains("0x76")
        .contains("BME280")
        .contains("confirmed: chip id 0x60")
        .contains("I2C bus 1: 1 device(s) answered");
    assertThat(run.err).isEmpty();
  }

  @Test
  void jsonOutputIsOneObjectPerDevice() {
    Run run = scan(() -> new OneBme280At0x76(), "--bus", "1", "--json");

    assertThat(run.exitCode).isZero();
    assertThat(run.out.strip().lines())
        .containsExactly(
            "{\"bus\":1,\"address\":\"0x76\",\"likelyDevice\":\"BME280\",\"confirmed\":true,"
                + "\"detail\":\"chip id 0x60 at register 0xD0\"}");
  }

  @Test
  void aBusThatCannotBeOpenedExitsWithThreeAndSaysWhatToCheck() {
    Run run = scan(Unavailable::new, "--bus", "7");

    assertThat(run.exitCode).isEqualTo(ScanCommand.BUS_UNAVAILABLE);
    assertThat(run.err)
        .contains("I2C bus 7 cannot be scanned")
        .contains("/dev/i2c-7 does not exist")
        .contains("raspi-config")
        .contains("i2c group");
    assertThat(run.out).isEmpty();
  }

  private static Run scan(Supplier<Buses> buses, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ScanCommand(buses));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}

  /** A bus where only a BME280 (chip id 0x60) at 0x76 acknowledges its address. */
  private static final class OneBme280At0x76 extends Unavailable {
    @Override
    public I2cDevice i2c(int bus, int address) {
      return new I2cDevice() {
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
          nackUnlessBme();
        }

        @Override
        public byte[] read(int length) throws BusException {
          nackUnlessBme();
          return new byte[length];
        }

        @Override
        public byte[] readRegister(int register, int length) throws BusException {
          nackUnlessBme();
          return register == 0xD0 ? new byte[] {0x60} : new byte[length];
        }

        private void nackUnlessBme() throws BusException {
          if (address != 0x76) {
            throw new BusException("address 0x" + Integer.toHexString(address) + " NACK");
          }
        }

        @Override
        public void close() {}
      };
    }
  }

  /** Buses of a Pi where I2C is not enabled. */
  private static class Unavailable implements Buses {
    @Override
    public I2cDevice i2c(int bus, int address) throws BusException {
      throw new BusException("/dev/i2c-" + bus + " does not exist");
    }

    @Override
    public SpiDevice spi(int bus, int chipSelect, int speedHz, int mode) throws BusException {
      throw new BusException("no SPI");
    }

    @Override
    public GpioInput gpioInput(int bcmPin, Pull pull) throws BusException {
      throw new BusException("no GPIO");
    }

    @Override
    public GpioOutput gpioOutput(int bcmPin, boolean initialHigh) throws BusException {
      throw new BusException("no GPIO");
    }
  }
}
