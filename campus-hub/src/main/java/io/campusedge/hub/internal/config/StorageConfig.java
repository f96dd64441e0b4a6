package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code campusedge.storage}: how long readings are kept, and the maintenance job that creates
 * reading partitions ahead (PostgreSQL) and applies retention.
 */
@ConfigurationProperties("campusedge.storage")
public record StorageConfig(
    @Bindable(defaultValue = "400d") @NotNull Duration retention,
    @Bindable(defaultValue = "1825d") @NotNull Duration hourlyRollupRetention,
    @Bindable(defaultValue = "2") @Min(1) @Max(24) int partitionsAhead,
    @Bindable(defaultValue = "1h") @NotNull Duration maintenanceInterval,
    @Bindable(defaultValue = "10000") @Min(100) @Max(1_000_000) int deleteBatchSize) {

  public StorageConfig {
    requireAtLeast("campusedge.storage.retention", retention, Duration.ofDays(1));
    requireAtLeast(
        "campusedge.storage.hourly-rollup-retention", hourlyRollupRetention, Duration.ofDays(1));
    requireAtLeast(
        "campusedge.storage.maintenance-interval", maintenanceInterval, Duration.ofSeconds(1));
  }

  private static void requireAtLeast(String property, Duration value, Duration minimum) {
    if (value != null && value.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          property + " is " + value + "; it must be at least " + minimum + " (e.g. 400d)");
    }
  }
}
