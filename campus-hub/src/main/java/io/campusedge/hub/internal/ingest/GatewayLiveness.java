package io.campusedge.hub.internal.ingest;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each gateway was last heard from (any data, or a birth), since the last flush to the
 * database. Kept in memory so the ingest path does not write a status row per message.
 */
@Singleton
public class GatewayLiveness {
  private final Map<String, Instant> heardSinceFlush = new ConcurrentHashMap<>();
  private final Clock clock;

  public GatewayLiveness() {
    this(Clock.systemUTC());
  }

  GatewayLiveness(Clock clock) {
    this.clock = clock;
  }

  public void heard(String gatewayId) {
    heardSinceFlush.put(gatewayId, clock.instant());
  }

  /** After a death message: nothing heard before it may bring the gateway back. */
  public void forget(String gatewayId) {
    heardSinceFlush.remove(gatewayId);
  }

  /** What was heard since the last call, removed from memory. */
  public Map<String, Instant> takeHeard() {
    Map<String, Instant> taken = new HashMap<>();
    for (String gatewayId : heardSinceFlush.keySet()) {
      Instant at = heardSinceFlush.remove(gatewayId);
      if (at != null) {
        taken.put(gatewayId, at);
      }
    }
    return taken;
  }
}
