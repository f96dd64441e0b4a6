package io.campusedge.simulators.bus;

import io.campusedge.drivers.bus.BusException;

/** A simulated chip behind an SPI chip select: full duplex, one reply byte per byte sent. */
public interface SpiChip {
  byte[] transfer(byte[] out) throws BusException;
}
