package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/** {@code campusedge.security}: cost of stored password hashes. */
@ConfigurationProperties("campusedge.security")
public record SecurityConfig(
    // OWASP (2023) recommends 600,000 iterations for PBKDF2-HMAC-SHA256.
    @Bindable(defaultValue = "600000") @Min(10_000) int passwordHashIterations) {}
