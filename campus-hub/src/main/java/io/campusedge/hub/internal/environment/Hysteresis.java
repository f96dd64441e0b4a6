package io.campusedge.hub.internal.environment;

import java.time.Duration;
import java.time.Instant;

/**
 * One alert condition over time, without flapping: RAISE once the condition has held for {@code
 * raiseAfter}; CLEAR once the value has been back past the (stricter) recovery level for {@code
 * clearAfter}. Between the two levels nothing changes. After a restart the state is UNKNOWN: the
 * first recovery clears an alert that may have been left open.
 */
final class Hysteresis {
  enum Decision {
    NONE,
    RAISE,
    CLEAR
  }

  private enum State {
    UNKNOWN,
    QUIET,
    RAISED
  }

  private State state = State.UNKNOWN;
  private Instant badSince;
  private Instant goodSince;

  synchronized Decision step(
      boolean bad, boolean recovered, Instant at, Duration raiseAfter, Duration clearAfter) {
    if (bad) {
      goodSince = null;
      if (badSince == null || at.isBefore(badSince)) {
        badSince = at;
      }
      if (state != State.RAISED && !at.isBefore(badSince.plus(raiseAfter))) {
        state = State.RAISED;
        return Decision.RAISE;
      }
      return Decision.NONE;
    }
    badSince = null;
    if (!recovered) {
      goodSince = null;
      return Decision.NONE;
    }
    if (goodSince == null || at.isBefore(goodSince)) {
      goodSince = at;
    }
    if (state != State.QUIET && !at.isBefore(goodSince.plus(clearAfter))) {
      state = State.QUIET;
      return Decision.CLEAR;
    }
    return Decision.NONE;
  }
}
