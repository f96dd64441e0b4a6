package io.campusedge.agent.internal.uplink;

import java.time.Duration;

/** Exponential delay between connection attempts: 100 ms, 200 ms, … up to {@code max}. */
final class Backoff {
  private static final long FIRST_MS = 100;
  private final long maxMs;
  private long nextMs = FIRST_MS;

  Backoff(Duration max) {
    this.maxMs = Math.max(FIRST_MS, max.toMillis());
  }

  long nextDelayMs() {
    long delay = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return delay;
  }

  void reset() {
    nextMs = FIRST_MS;
  }
}
