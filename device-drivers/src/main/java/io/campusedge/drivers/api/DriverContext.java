package io.campusedge.drivers.api;

import io.campusedge.drivers.bus.Buses;
import java.time.Clock;

/** What the agent gives a driver: where records go, which clock stamps them, which buses exist. */
public record DriverContext(RecordSink sink, Clock clock, Buses buses) {
  public DriverContext {
    if (sink == null || clock == null || buses == null) {
      throw new IllegalArgumentException("driver context needs a sink, a clock and buses");
    }
  }

  /** For drivers that need no bus (software and network devices). */
  public DriverContext(RecordSink sink, Clock clock) {
    this(sink, clock, Buses.none());
  }
}
