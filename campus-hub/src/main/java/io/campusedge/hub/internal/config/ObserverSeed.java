package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import jakarta.validation.constraints.NotBlank;

/** {@code campusedge.bootstrap.observer}: a read-only MQTT user for watching traffic. */
@ConfigurationProperties("campusedge.bootstrap.observer")
@Requires(property = "campusedge.bootstrap.observer.username")
public record ObserverSeed(@NotBlank String username, @NotBlank String password) {

  @Override
  public String toString() {
    return "ObserverSeed[username=" + username + ", password=***]";
  }
}
