package io.campusedge.simulators.bus;

import io.campusedge.drivers.bus.BusException;

/** A simulated chip on an I2C bus: answers writes and reads the way its datasheet says. */
public interface I2cChip {
  /** One write transaction (the register pointer and/or data). */
  void write(byte[] data) throws BusException;

  /** One read transaction. */
  byte[] read(int length) throws BusException;

  /** Register read with repeated START: by default a write of the pointer then a read. */
  default byte[] readRegister(int register, int length) throws BusException {
    write(new byte[] {(byte) register});
    return read(length);
  }
}
