package io.campusedge.agent.internal.clock;

import io.campusedge.protos.v1.ClockState;
import java.time.Clock;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The gateway clock as records see it: wall time, a boot id that changes at every start, monotonic
 * ms since that start, and whether the wall clock is trustworthy.
 */
public final class AgentClock {
  private final Clock wall;
  private final String bootId;
  private final LongSupplier nanos;
  private final long startNanos;
  private final BooleanSupplier synced;

  public AgentClock(Clock wall, BooleanSupplier synced) {
    this(wall, synced, System::nanoTime, UUID.randomUUID().toString());
  }

  AgentClock(Clock wall, BooleanSupplier synced, LongSupplier nanos, String bootId) {
    this.wall = wall;
    this.synced = synced;
    this.nanos = nanos;
    this.startNanos = nanos.getAsLong();
    this.bootId = bootId;
  }

  public Clock wall() {
    return wall;
  }

  public String bootId() {
    return bootId;
  }

  public boolean isSynced() {
    return synced.getAsBoolean();
  }

  public ClockState state() {
    return ClockState.newBuilder()
        .setSynced(isSynced())
        .setBootId(bootId)
        .setMonotonicMs((nanos.getAsLong() - startNanos) / 1_000_000)
        .build();
  }
}
