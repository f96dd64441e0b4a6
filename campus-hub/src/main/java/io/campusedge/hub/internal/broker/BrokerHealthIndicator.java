package io.campusedge.hub.internal.broker;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code /health} component "broker": UP while the broker runs. */
@Singleton
public class BrokerHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final BrokerControl broker;

  public BrokerHealthIndicator(BrokerControl broker) {
    this.broker = broker;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus = broker.isRunning() ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of("port", broker.port(), "kind", broker.getClass().getSimpleName());
  }

  @Override
  protected String getName() {
    return "broker";
  }
}
