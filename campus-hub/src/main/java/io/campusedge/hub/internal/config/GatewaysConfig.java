package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code campusedge.gateways}: how often gateways are heard from. A gateway silent for two
 * heartbeat intervals is marked offline even if its will message never arrived.
 */
@ConfigurationProperties("campusedge.gateways")
public record GatewaysConfig(@Bindable(defaultValue = "60s") @NotNull Duration heartbeatInterval) {

  public GatewaysConfig {
    if (heartbeatInterval != null && heartbeatInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "campusedge.gateways.heartbeat-interval is "
              + heartbeatInterval
              + "; it must be at least 1s (e.g. 60s)");
    }
  }

  /** Silence longer than this marks a gateway offline. */
  public Duration offlineAfter() {
    return heartbeatInterval.multipliedBy(2);
  }
}
