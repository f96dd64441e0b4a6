package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code campusedge.export.retention}: how long the export outbox keeps what it no longer needs.
 * Delivered (SENT) deliveries after {@code sent}; DEAD ones after {@code dead}, or like sent ones
 * once they were replayed; events without deliveries after {@code sent} (a replay reaches back that
 * far at most). PENDING deliveries are never purged. The purge runs every {@code purge-interval}.
 */
@ConfigurationProperties("campusedge.export.retention")
public record ExportRetentionConfig(
    @Bindable(defaultValue = "90d") @NotNull Duration sent,
    @Bindable(defaultValue = "365d") @NotNull Duration dead,
    @Bindable(defaultValue = "1h") @NotNull Duration purgeInterval) {

  public ExportRetentionConfig {
    if (sent != null && sent.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(
          "campusedge.export.retention.sent is " + sent + "; keep sent deliveries at least 1d");
    }
    if (sent != null && dead != null && dead.compareTo(sent) < 0) {
      throw new IllegalArgumentException(
          "campusedge.export.retention.dead ("
              + dead
              + ") is shorter than retention.sent ("
              + sent
              + "); dead deliveries wait for a replay, keep them at least as long");
    }
    if (purgeInterval != null && purgeInterval.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException(
          "campusedge.export.retention.purge-interval is " + purgeInterval + "; use at least 10s");
    }
  }

  public static ExportRetentionConfig defaults() {
    return new ExportRetentionConfig(
        Duration.ofDays(90), Duration.ofDays(365), Duration.ofHours(1));
  }
}
