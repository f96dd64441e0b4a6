package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code campusedge.events}: the live-event stream ({@code GET /api/v1/events}). A client more than
 * {@code client-buffer} events behind is dropped; {@code heartbeat} keeps idle connections open.
 */
@ConfigurationProperties("campusedge.events")
public record EventsConfig(
    @Bindable(defaultValue = "1000") @Min(1) @Max(1_000_000) int clientBuffer,
    @Bindable(defaultValue = "15s") @NotNull Duration heartbeat) {

  public EventsConfig {
    if (heartbeat != null && heartbeat.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException(
          "campusedge.events.heartbeat is " + heartbeat + "; it must be at least 100ms (e.g. 15s)");
    }
  }
}
