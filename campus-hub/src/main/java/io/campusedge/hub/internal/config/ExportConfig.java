package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code campusedge.export}: the export outbox's dispatcher. How often it looks for due deliveries
 * and how many it sends at once; connect and request timeouts; retries with exponential backoff and
 * full jitter between {@code backoff-base} and {@code backoff-max}, a delivery going DEAD after
 * {@code max-attempts}; an optional trust store for receivers' HTTPS certificates; plain http only
 * when {@code allow-plain-http} (tests, a receiver on the same machine).
 */
@ConfigurationProperties("campusedge.export")
public record ExportConfig(
    @Bindable(defaultValue = "1s") @NotNull Duration pollInterval,
    @Bindable(defaultValue = "50") @Min(1) @Max(1000) int batchSize,
    @Bindable(defaultValue = "4") @Min(1) @Max(64) int senders,
    @Bindable(defaultValue = "5s") @NotNull Duration connectTimeout,
    @Bindable(defaultValue = "10s") @NotNull Duration requestTimeout,
    @Bindable(defaultValue = "2s") @NotNull Duration backoffBase,
    @Bindable(defaultValue = "1h") @NotNull Duration backoffMax,
    @Bindable(defaultValue = "20") @Min(1) @Max(1000) int maxAttempts,
    @Bindable(defaultValue = "false") boolean allowPlainHttp,
    @Nullable String trustStorePath,
    @Nullable String trustStorePassword) {

  public ExportConfig {
    if (pollInterval != null && pollInterval.compareTo(Duration.ofMillis(50)) < 0) {
      throw new IllegalArgumentException(
          "campusedge.export.poll-interval is " + pollInterval + "; use at least 50ms (e.g. 1s)");
    }
    if (backoffBase != null && backoffMax != null && backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException(
          "campusedge.export.backoff-max ("
              + backoffMax
              + ") is shorter than backoff-base ("
              + backoffBase
              + ")");
    }
    if (trustStorePath != null
        && !trustStorePath.isBlank()
        && !Files.isReadable(Path.of(trustStorePath))) {
      throw new IllegalArgumentException(
          "campusedge.export.trust-store-path '"
              + trustStorePath
              + "' is not a readable file (a PKCS12 or JKS trust store with the receivers' CAs)");
    }
  }

  public Optional<Path> trustStore() {
    return trustStorePath == null || trustStorePath.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(trustStorePath));
  }

  @Override
  public String toString() {
    return "ExportConfig[pollInterval="
        + pollInterval
        + ", maxAttempts="
        + maxAttempts
        + ", trustStorePath="
        + trustStorePath
        + ", trustStorePassword=***]";
  }
}
