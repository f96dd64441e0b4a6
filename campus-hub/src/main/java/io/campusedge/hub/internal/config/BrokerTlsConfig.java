package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code campusedge.broker.tls}: a TLS listener on the embedded broker, present when a keystore
 * (PKCS12 or JKS with the broker's key and certificate chain) is configured.
 */
@ConfigurationProperties("campusedge.broker.tls")
@Requires(property = "campusedge.broker.tls.keystore-path")
public record BrokerTlsConfig(
    @Bindable(defaultValue = "8883") @Min(1) @Max(65535) int port,
    @NotBlank String keystorePath,
    @NotBlank String keystorePassword,
    @Nullable String keyPassword) {

  public BrokerTlsConfig {
    if (keystorePath != null && !Files.isReadable(Path.of(keystorePath))) {
      throw new IllegalArgumentException(
          "campusedge.broker.tls.keystore-path '"
              + keystorePath
              + "' is not a readable file (a PKCS12 or JKS keystore with the broker's key)");
    }
  }

  /** The private key's password; the keystore's when not set. */
  public String effectiveKeyPassword() {
    return keyPassword != null ? keyPassword : keystorePassword;
  }

  public Path keystore() {
    return Path.of(keystorePath).toAbsolutePath();
  }

  @Override
  public String toString() {
    return "BrokerTlsConfig[port=" + port + ", keystorePath=" + keystorePath + ", passwords=***]";
  }
}
