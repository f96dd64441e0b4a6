package io.campusedge.drivers.bus.pi4j;

import com.pi4j.io.i2c.I2C;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.I2cDevice;
import java.util.Arrays;

/** One I2C device over Pi4J; a NACK or short transfer becomes a {@link BusException}. */
final class Pi4jI2cDevice implements I2cDevice {
  private final I2C i2c;
  private final int bus;
  private final int address;
  private final String where;
  private final Runnable release;

  Pi4jI2cDevice(I2C i2c, int bus, int address, Runnable release) {
    this.release = release;
    this.i2c = i2c;
    this.bus = bus;
    this.address = address;
    this.where = String.format("I2C bus %d: device 0x%02x", bus, address);
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
    int written = Pi4jBuses.call(where + " write", () -> i2c.write(data, 0, data.length));
    if (written < 0) {
      throw new BusException(where + ": no answer (NACK, errno " + -written + ")");
    }
  }

  @Override
  public byte[] read(int length) throws BusException {
    byte[] buffer = new byte[length];
    int read = Pi4jBuses.call(where + " read", () -> i2c.read(buffer, 0, length));
    return trimmed(buffer, read);
  }

  @Override
  public byte[] readRegister(int register, int length) throws BusException {
    byte[] buffer = new byte[length];
    int read =
        Pi4jBuses.call(
            String.format("%s read of register 0x%02x", where, register),
            () -> i2c.readRegister(register, buffer, 0, length));
    return trimmed(buffer, read);
  }

  private byte[] trimmed(byte[] buffer, int read) throws BusException {
    if (read < 0) {
      throw new BusException(where + ": no answer (NACK, errno " + -read + ")");
    }
    // A short read is returned as is: the driver's codec reports it as a truncated answer.
    return read == buffer.length ? buffer : Arrays.copyOf(buffer, read);
  }

  @Override
  public void close() {
    release.run();
  }
}
