package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code campusedge.security.login}: after {@code max-failures} wrong passwords in a row a user
 * name is locked for {@code lockout}, whatever password comes next.
 */
@ConfigurationProperties("campusedge.security.login")
public record LoginConfig(
    @Bindable(defaultValue = "5") @Min(1) int maxFailures,
    @Bindable(defaultValue = "15m") @NotNull Duration lockout) {

  public LoginConfig {
    if (lockout != null && lockout.isNegative()) {
      throw new IllegalArgumentException(
          "campusedge.security.login.lockout is " + lockout + "; it must not be negative");
    }
  }
}
