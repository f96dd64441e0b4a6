package io.campusedge.hub.internal.export;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code campusedge.export.client-tls}: the hub's own certificate and key for mutual TLS with
 * export destinations that authenticate the client by certificate (the sector feed without OAuth2;
 * any receiver that asks for one). A PKCS12 or JKS key store; without it the hub shows no
 * certificate.
 */
@ConfigurationProperties("campusedge.export.client-tls")
public record ExportClientTls(@Nullable String keyStorePath, @Nullable String keyStorePassword) {

  public ExportClientTls {
    if (keyStorePath != null
        && !keyStorePath.isBlank()
        && !Files.isReadable(Path.of(keyStorePath))) {
      throw new IllegalArgumentException(
          "campusedge.export.client-tls.key-store-path '"
              + keyStorePath
              + "' is not a readable file (a PKCS12 or JKS key store with the hub's client"
              + " certificate and key)");
    }
  }

  static ExportClientTls none() {
    return new ExportClientTls(null, null);
  }

  Optional<Path> keyStore() {
    return keyStorePath == null || keyStorePath.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(keyStorePath));
  }

  @Override
  public String toString() {
    return "ExportClientTls[keyStorePath=" + keyStorePath + ", keyStorePassword=***]";
  }
}
