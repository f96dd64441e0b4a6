package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.util.Optional;

/**
 * {@code campusedge.security.bootstrap-admin}: the sector admin created when the users table is
 * empty (first start). Without a password one is generated and printed once on the console.
 */
@ConfigurationProperties("campusedge.security.bootstrap-admin")
public record BootstrapAdminConfig(
    @Bindable(defaultValue = "admin") @NotBlank String username, @Nullable String password) {

  public Optional<String> configuredPassword() {
    return Optional.ofNullable(password).filter(p -> !p.isEmpty());
  }

  @Override
  public String toString() {
    return "BootstrapAdminConfig[username=" + username + "]";
  }
}
