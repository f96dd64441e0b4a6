package io.campusedge.drivers.bus.pi4j;

import com.pi4j.io.spi.Spi;
import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.SpiDevice;

/** One SPI chip select over Pi4J (full duplex). */
final class Pi4jSpiDevice implements SpiDevice {
  private final Spi spi;
  private final String where;
  private final Runnable release;

  Pi4jSpiDevice(Spi spi, String where, Runnable release) {
    this.spi = spi;
    this.where = where;
    this.release = release;
  }

  @Override
  public byte[] transfer(byte[] out) throws BusException {
    byte[] in = new byte[out.length];
    int n = Pi4jBuses.call(where + " transfer", () -> spi.transfer(out, 0, in, 0, out.length));
    if (n < 0) {
      throw new BusException(where + ": transfer failed (errno " + -n + ")");
    }
    return in;
  }

  @Override
  public void close() {
    release.run();
  }
}
