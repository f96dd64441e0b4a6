package io.campusedge.simulators.devices.env;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.env.bh1750.Bh1750Codec;
import io.campusedge.simulators.bus.I2cChip;

/**
 * A ROHM BH1750 light sensor: one-byte opcodes (power down/on, reset, continuous and one-time
 * modes), a two-byte result register. A conversion completes at once (the driver still waits the
 * datasheet time). Faults: full-scale garbage, truncated reads, power cycle (powered down, result
 * cleared).
 */
public final class Bh1750Chip implements I2cChip {
  private volatile double lux = 320;
  private boolean poweredOn;
  private boolean continuous;
  private int result;
  private volatile boolean fullScale;
  private volatile int truncateTo = -1;
  private volatile int conversions;

  public Bh1750Chip lux(double lux) {
    this.lux = lux;
    return this;
  }

  /** Fault: the result reads 0xFFFF. */
  public Bh1750Chip fullScale(boolean garbage) {
    this.fullScale = garbage;
    return this;
  }

  /** Fault: reads return at most {@code bytes} bytes (-1 clears). */
  public Bh1750Chip truncateReads(int bytes) {
    this.truncateTo = bytes;
    return this;
  }

  public synchronized Bh1750Chip powerCycle() {
    poweredOn = false;
    continuous = false;
    result = 0;
    return this;
  }

  public int conversions() {
    return conversions;
  }

  @Override
  public synchronized void write(byte[] data) throws BusException {
    if (data.length != 1) {
      throw new BusException("I2C: BH1750 NACK (opcodes are one byte, got " + data.length + ")");
    }
    int opcode = data[0] & 0xFF;
    switch (opcode) {
      case Bh1750Codec.POWER_DOWN -> poweredOn = false;
      case Bh1750Codec.POWER_ON -> poweredOn = true;
      case Bh1750Codec.RESET -> result = poweredOn ? 0 : result;
      case Bh1750Codec.CONTINUOUS_HIGH_RES, 0x11, 0x13 -> {
        continuous = true;
        convert();
      }
      case Bh1750Codec.ONE_TIME_HIGH_RES, 0x21, 0x23 -> {
        continuous = false;
        convert();
        poweredOn = false;
      }
      default -> {
        // Opcodes for measurement time (0x40-0x7F) are accepted and ignored here.
      }
    }
  }

  private void convert() {
    if (poweredOn) {
      result = Bh1750Codec.countFor(lux);
      conversions++;
    }
  }

  @Override
  public synchronized byte[] read(int length) {
    if (continuous && poweredOn) {
      convert();
    }
    int value = fullScale ? 0xFFFF : result;
    int n = truncateTo >= 0 ? Math.min(length, truncateTo) : length;
    byte[] full = {(byte) (value >> 8), (byte) value};
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < 2 ? full[i] : (byte) 0xFF;
    }
    return out;
  }
}
