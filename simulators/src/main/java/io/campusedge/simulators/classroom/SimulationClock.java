package io.campusedge.simulators.classroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The virtual time of a simulated school: starts at {@code virtualStart} when the {@code real}
 * clock reads {@code realStart} and runs {@code speed} times as fast (96: a 07:00-15:00 day in 5
 * minutes). The classrooms' physics, pupils and doors live in it; the gateways and the hub keep
 * real time, so {@link #realTimeOf} maps the timetable onto the wall clock for them.
 */
public final class SimulationClock extends Clock {
  private final Clock real;
  private final Instant virtualStart;
  private final double speed;
  // Null while paused: the virtual clock stands at virtualStart.
  private volatile Instant realStart;

  /** Running from now. */
  public SimulationClock(Clock real, Instant virtualStart, double speed) {
    this(real, virtualStart, speed, true);
  }

  private SimulationClock(Clock real, Instant virtualStart, double speed, boolean running) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be above 0, not " + speed);
    }
    this.real = real;
    this.virtualStart = virtualStart;
    this.speed = speed;
    this.realStart = running ? real.instant() : null;
  }

  /**
   * Standing at {@code virtualStart} until {@link #start()}: the demo builds its rooms and
   * registers the pupils' cards first, so the first lesson does not begin during start-up.
   */
  public static SimulationClock paused(Clock real, Instant virtualStart, double speed) {
    return new SimulationClock(real, virtualStart, speed, false);
  }

  /** Lets a paused clock run from now; a running one is left as it is. */
  public synchronized void start() {
    if (realStart == null) {
      realStart = real.instant();
    }
  }

  public double speed() {
    return speed;
  }

  public Instant virtualStart() {
    return virtualStart;
  }

  @Override
  public Instant instant() {
    Instant started = realStart;
    if (started == null) {
      return virtualStart;
    }
    Duration elapsed = Duration.between(started, real.instant());
    return virtualStart.plus(scale(elapsed, speed));
  }

  /**
   * When the real clock will read (or read) the virtual instant {@code virtual}; for a paused
   * clock, as if it started now.
   */
  public Instant realTimeOf(Instant virtual) {
    Instant started = realStart;
    Instant from = started == null ? real.instant() : started;
    return from.plus(scale(Duration.between(virtualStart, virtual), 1 / speed));
  }

  /** How long {@code virtual} lasts on the real clock. */
  public Duration realDurationOf(Duration virtual) {
    return scale(virtual, 1 / speed);
  }

  private static Duration scale(Duration duration, double factor) {
    if (factor == 1) {
      return duration;
    }
    double nanos = duration.toNanos() * factor;
    return Duration.ofNanos(Math.round(nanos));
  }

  @Override
  public ZoneId getZone() {
    return real.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulation clock keeps its real clock's zone");
  }
}
