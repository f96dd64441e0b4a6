package io.campusedge.drivers.bus;

/** One device on an I2C bus. Every transfer may fail with a NACK as {@link BusException}. */
public interface I2cDevice extends AutoCloseable {
  int bus();

  int address();

  /** Writes {@code data} in one transaction (START, address+W, data..., STOP). */
  void write(byte[] data) throws BusException;

  /** Reads {@code length} bytes in one transaction (START, address+R, data..., STOP). */
  byte[] read(int length) throws BusException;

  /** Writes the register address, then reads {@code length} bytes with a repeated START. */
  byte[] readRegister(int register, int length) throws BusException;

  @Override
  void close();
}
