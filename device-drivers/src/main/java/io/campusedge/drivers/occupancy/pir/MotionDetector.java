package io.campusedge.drivers.occupancy.pir;

/**
 * Turns the edges of a PIR output into motion events and an occupied flag. A high pulse counts as
 * motion once it has lasted {@code debounceNanos} (shorter pulses are electrical noise, e.g. a
 * relay switching nearby); the room counts as occupied while the output is high and for {@code
 * holdNanos} after the last motion ended, so a pupil sitting still does not empty the room. Pure,
 * with explicit timestamps; thread-safe (edges arrive on a bus thread, polls on the scheduler's).
 */
final class MotionDetector {
  private final long debounceNanos;
  private final long holdNanos;

  private boolean high;
  private long highSince;
  private boolean counted;
  private boolean everMoved;
  private long lastMotionEnd;
  private int motionsSincePoll;
  private int glitchesSincePoll;

  MotionDetector(long debounceNanos, long holdNanos) {
    this.debounceNanos = debounceNanos;
    this.holdNanos = holdNanos;
  }

  /** The result of one poll. */
  record Snapshot(boolean occupied, int motionCount, int glitches) {}

  synchronized void edge(boolean level, long nanos) {
    if (level == high) {
      return;
    }
    if (level) {
      high = true;
      highSince = nanos;
      counted = false;
      return;
    }
    high = false;
    if (nanos - highSince >= debounceNanos) {
      confirm();
      lastMotionEnd = nanos;
    } else {
      glitchesSincePoll++;
    }
  }

  /** Motion since the previous poll, and whether the room is occupied at {@code nowNanos}. */
  synchronized Snapshot poll(long nowNanos) {
    if (high && nowNanos - highSince >= debounceNanos) {
      confirm();
    }
    boolean occupied =
        (high && counted) || (everMoved && !high && nowNanos - lastMotionEnd < holdNanos);
    Snapshot s = new Snapshot(occupied, motionsSincePoll, glitchesSincePoll);
    motionsSincePoll = 0;
    glitchesSincePoll = 0;
    return s;
  }

  private void confirm() {
    if (!counted) {
      counted = true;
      everMoved = true;
      motionsSincePoll++;
    }
  }
}
