package io.campusedge.simulators.devices.env;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.simulators.bus.SpiChip;
import java.util.function.IntToDoubleFunction;

/**
 * A Microchip MCP3008 10-bit ADC: decodes the start bit, SGL/DIFF and channel bits of a 3-byte
 * transfer (datasheet section 6.1) and shifts out the null bit and the code for the channel's
 * voltage. Each channel is fed by a waveform indexed by sample number. Faults: floating MISO (all
 * ones), input stuck at 0 V, truncated transfers.
 */
public final class Mcp3008Chip implements SpiChip {
  private final double referenceVolts;
  private final IntToDoubleFunction[] channels = new IntToDoubleFunction[8];
  private final int[] sampleIndex = new int[8];
  private volatile boolean floating;
  private volatile boolean stuckLow;
  private volatile boolean truncated;

  public Mcp3008Chip(double referenceVolts) {
    this.referenceVolts = referenceVolts;
    for (int i = 0; i < 8; i++) {
      channels[i] = n -> referenceVolts / 2;
    }
  }

  /** Feeds {@code channel} with volts as a function of the sample number. */
  public Mcp3008Chip feed(int channel, IntToDoubleFunction volts) {
    channels[channel] = volts;
    return this;
  }

  /**
   * A microphone module: bias at half the reference plus a tone of {@code rmsVolts}, {@code
   * samplesPerCycle} samples per period.
   */
  public Mcp3008Chip tone(int channel, double rmsVolts, double samplesPerCycle) {
    double amplitude = rmsVolts * Math.sqrt(2);
    return feed(
        channel, n -> referenceVolts / 2 + amplitude * Math.sin(2 * Math.PI * n / samplesPerCycle));
  }

  public Mcp3008Chip floating(boolean on) {
    this.floating = on;
    return this;
  }

  public Mcp3008Chip stuckLow(boolean on) {
    this.stuckLow = on;
    return this;
  }

  public Mcp3008Chip truncated(boolean on) {
    this.truncated = on;
    return this;
  }

  @Override
  public synchronized byte[] transfer(byte[] out) throws BusException {
    byte[] in = new byte[truncated ? Math.min(2, out.length) : out.length];
    if (floating) {
      java.util.Arrays.fill(in, (byte) 0xFF);
      return in;
    }
    if (out.length < 3 || (out[0] & 0x01) == 0 || (out[1] & 0x80) == 0) {
      return in; // no start bit or differential request: the chip stays silent (MISO low)
    }
    int channel = (out[1] >> 4) & 0x07;
    double volts = stuckLow ? 0 : channels[channel].applyAsDouble(sampleIndex[channel]++);
    int code = (int) Math.max(0, Math.min(1023, Math.round(volts * 1024 / referenceVolts)));
    byte[] answer = {0x00, (byte) ((code >> 8) & 0x03), (byte) code};
    System.arraycopy(answer, 0, in, 0, in.length);
    return in;
  }
}
