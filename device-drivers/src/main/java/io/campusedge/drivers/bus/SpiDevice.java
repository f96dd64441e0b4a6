package io.campusedge.drivers.bus;

/** One SPI chip select. Full duplex: as many bytes come back as go out. */
public interface SpiDevice extends AutoCloseable {
  byte[] transfer(byte[] out) throws BusException;

  @Override
  void close();
}
