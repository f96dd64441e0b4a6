package io.campusedge.simulators.devices.attendance;

import io.campusedge.simulators.bus.FakeGpioPin;

/**
 * A Wiegand reader driving the D0 and D1 lines of the fake machine: both idle high, a 50 us low
 * pulse on D0 for a 0 and on D1 for a 1, one bit every 2 ms. Frames are stamped as if the reader
 * had just finished sending them, so a driver's next poll after the frame gap sees a whole frame.
 */
public final class WiegandReaderSim {
  public static final long PULSE_NANOS = 50_000;
  public static final long BIT_PERIOD_NANOS = 2_000_000;

  /** How long the sim leaves between the end of one frame and the start of the next. */
  private static final long QUIET_NANOS = 30_000_000;

  private final FakeGpioPin d0;
  private final FakeGpioPin d1;
  private long lastEnd = Long.MIN_VALUE / 2;

  public WiegandReaderSim(FakeGpioPin d0, FakeGpioPin d1) {
    this.d0 = d0;
    this.d1 = d1;
    d0.drive(true);
    d1.drive(true);
  }

  /** The System.nanoTime() stamp of the last edge sent. */
  public long lastFrameEnd() {
    return lastEnd;
  }

  /** HID H10301: even parity over the first 12 data bits, odd over the last 12. */
  public static String h10301(int facility, int card) {
    return withParity(String.format("%8s%16s", bin(facility), bin(card)).replace(' ', '0'));
  }

  /** 34 bits with the 32 data bits {@code data} (e.g. a 4-byte UID), parity over each half. */
  public static String w34(long data) {
    return withParity(
        String.format("%32s", Long.toBinaryString(data & 0xFFFFFFFFL)).replace(' ', '0'));
  }

  /** Sends {@code bits} ('0'/'1'; spaces ignored) as a correct pulse train. */
  public void send(String bits) {
    String clean = bits.replace(" ", "");
    long t = startFor(clean.length());
    for (char bit : clean.toCharArray()) {
      pulse(bit == '1' ? d1 : d0, t, PULSE_NANOS);
      t += BIT_PERIOD_NANOS;
    }
    lastEnd = t;
  }

  /** Sends {@code bits} with a 2 us spike on D1 in the middle of the frame. */
  public void sendWithGlitch(String bits) {
    String clean = bits.replace(" ", "");
    long t = startFor(clean.length() + 1);
    for (int i = 0; i < clean.length(); i++) {
      if (i == clean.length() / 2) {
        pulse(d1, t + BIT_PERIOD_NANOS / 2, 2_000);
      }
      pulse(clean.charAt(i) == '1' ? d1 : d0, t, PULSE_NANOS);
      t += BIT_PERIOD_NANOS;
    }
    lastEnd = t;
  }

  /** The frame with one data bit flipped and the parity left as it was. */
  public static String flipBit(String bits, int index) {
    char[] chars = bits.replace(" ", "").toCharArray();
    chars[index] = chars[index] == '1' ? '0' : '1';
    return new String(chars);
  }

  private long startFor(int bitCount) {
    long duration = bitCount * BIT_PERIOD_NANOS;
    return Math.max(System.nanoTime() - duration - QUIET_NANOS, lastEnd + QUIET_NANOS);
  }

  private static void pulse(FakeGpioPin line, long at, long width) {
    line.drive(false, at);
    line.drive(true, at + width);
  }

  private static String bin(int value) {
    return Integer.toBinaryString(value);
  }

  private static String withParity(String data) {
    int half = data.length() / 2;
    long firstOnes = data.substring(0, half).chars().filter(c -> c == '1').count();
    long secondOnes = data.substring(half).chars().filter(c -> c == '1').count();
    return (firstOnes % 2 == 0 ? "0" : "1") + data + (secondOnes % 2 == 0 ? "1" : "0");
  }
}
