package io.campusedge.drivers.api;

import io.campusedge.drivers.bus.Buses;
import java.time.Clock;
import java.util.Optional;

/**
 * What the agent gives a driver: where records go, which clock stamps them, which buses exist, and
 * the site key card readers hash UIDs with (absent until the gateway is provisioned).
 */
public record DriverContext(RecordSink sink, Clock clock, Buses buses, Optional<SiteKey> siteKey) {
  public DriverContext {
    if (sink == null || clock == null || buses == null || siteKey == null) {
      throw new IllegalArgumentException("driver context needs a sink, a clock, buses and siteKey");
    }
  }

  public DriverContext(RecordSink sink, Clock clock, Buses buses) {
    this(sink, clock, buses, Optional.empty());
  }

  /** For drivers that need no bus (software and network devices). */
  public DriverContext(RecordSink sink, Clock clock) {
    this(sink, clock, Buses.none(), Optional.empty());
  }
}
