package io.campusedge.agent.internal.uplink;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Jittered exponential delay before every connection attempt, the first one included, so a campus
 * of gateways powered up together does not hit the broker in the same instant. Attempt n waits a
 * random time in [c/2, c] with c = min(max, 250 ms × 2^n) ("equal jitter").
 */
final class Backoff {
  private static final long FIRST_MS = 250;
  private final long maxMs;
  private final LongUnaryOperator random;
  private long ceilingMs = FIRST_MS;

  /** {@code random} maps a bound to a value in [0, bound). */
  Backoff(Duration max, LongUnaryOperator random) {
    this.maxMs = Math.max(FIRST_MS, max.toMillis());
    this.random = random;
  }

  Backoff(Duration max) {
    this(max, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
  }

  long nextDelayMs() {
    long half = ceilingMs / 2;
    long delay = half + random.applyAsLong(ceilingMs - half + 1);
    ceilingMs = Math.min(maxMs, ceilingMs * 2);
    return delay;
  }

  void reset() {
    ceilingMs = FIRST_MS;
  }
}
