package io.campusedge.simulators.chaos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock moved by an offset that can change while the gateway runs (a bad RTC). */
final class SkewableClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  void skew(Duration by) {
    offset = offset.plus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a gateway clock is UTC");
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }
}
