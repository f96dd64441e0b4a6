package io.campusedge.drivers.api;

import java.time.Clock;

/** What the agent gives a driver: where records go and which clock stamps them. */
public record DriverContext(RecordSink sink, Clock clock) {
  public DriverContext {
    if (sink == null || clock == null) {
      throw new IllegalArgumentException("driver context needs a sink and a clock");
    }
  }
}
