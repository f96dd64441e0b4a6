package io.campusedge.hub.internal.ingest;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code /health} component "ingest": UP while the hub's client is connected and subscribed. */
@Singleton
public class IngestHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final BrokerConnection connection;

  public IngestHealthIndicator(BrokerConnection connection) {
    this.connection = connection;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    boolean connected = connection.isConnected();
    healthStatus = connected ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of("connected", connected);
  }

  @Override
  protected String getName() {
    return "ingest";
  }
}
