package io.campusedge.drivers.attendance.wiegand;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns edges on the D0 and D1 lines into frames. Both lines idle high; the reader pulls D0 low for
 * a 0 and D1 low for a 1 (about 50 us, one bit every 1-2 ms). Nothing marks the end of a frame, so
 * a frame ends when no pulse came for {@code frameGapNanos}: on the next pulse, or when the
 * driver's poll asks. Pure logic with explicit timestamps; thread-safe (edges arrive on a bus
 * thread, polls on the scheduler's).
 */
final class WiegandDecoder {
  /** Shorter pulses are glitches: real readers drive 20-100 us. */
  static final long MIN_PULSE_NANOS = 5_000;

  /** A line held low longer than this is a fault (short to ground, unpowered reader). */
  static final long MAX_PULSE_NANOS = 5_000_000;

  private static final int MAX_BITS = 64;

  private final WiegandFormat format;
  private final long frameGapNanos;
  private final List<WiegandFrame> finished = new ArrayList<>();
  private long bits;
  private int count;
  private String noise;
  private boolean d0Low;
  private boolean d1Low;
  private long pulseStart;
  private long lastEdge;
  private boolean inFrame;

  WiegandDecoder(WiegandFormat format, long frameGapNanos) {
    this.format = format;
    this.frameGapNanos = frameGapNanos;
  }

  /** One edge: {@code d1} tells the line, {@code high} the level after the edge. */
  synchronized void edge(boolean d1, boolean high, long nanoTime) {
    if (inFrame && nanoTime - lastEdge >= frameGapNanos) {
      finishFrame();
    }
    if (!high) {
      inFrame = true;
      lastEdge = nanoTime;
      pulseStarted(d1, nanoTime);
    } else if (pulseEnded(d1, nanoTime)) {
      lastEdge = nanoTime;
    }
  }

  private void pulseStarted(boolean d1, long nanoTime) {
    if (d1 ? d0Low : d1Low) {
      noise = "D0 and D1 were low at the same time (wiring fault or noise)";
    }
    if (d1) {
      d1Low = true;
    } else {
      d0Low = true;
    }
    pulseStart = nanoTime;
    count++;
    if (count <= MAX_BITS) {
      bits = (bits << 1) | (d1 ? 1 : 0);
    }
  }

  private boolean pulseEnded(boolean d1, long nanoTime) {
    boolean wasLow = d1 ? d1Low : d0Low;
    if (d1) {
      d1Low = false;
    } else {
      d0Low = false;
    }
    if (!wasLow) {
      return false; // a line settling high (pull-up at start-up): not a pulse
    }
    long width = nanoTime - pulseStart;
    if (width < MIN_PULSE_NANOS) {
      noise = "a " + (width / 1000) + " us glitch on " + (d1 ? "D1" : "D0") + " (electrical noise)";
    } else if (width > MAX_PULSE_NANOS) {
      noise = (d1 ? "D1" : "D0") + " held low " + (width / 1_000_000) + " ms (short or no power?)";
    }
    return true;
  }

  /** Frames that ended by {@code nowNanos}, oldest first; empty when none. */
  synchronized List<WiegandFrame> drain(long nowNanos) {
    if (inFrame && !d0Low && !d1Low && nowNanos - lastEdge >= frameGapNanos) {
      finishFrame();
    }
    List<WiegandFrame> out = List.copyOf(finished);
    finished.clear();
    return out;
  }

  private void finishFrame() {
    if (noise != null) {
      finished.add(new WiegandFrame.Rejected("Wiegand frame dropped: " + noise));
    } else if (count > MAX_BITS) {
      finished.add(
          new WiegandFrame.Rejected("Wiegand frame had " + count + " bits (noise on D0/D1?)"));
    } else {
      finished.add(format.decode(bits, count));
    }
    bits = 0;
    count = 0;
    noise = null;
    inFrame = false;
  }
}
