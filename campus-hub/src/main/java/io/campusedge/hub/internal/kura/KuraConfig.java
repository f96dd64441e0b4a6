package io.campusedge.hub.internal.kura;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code campusedge.kura}: ingestion of Eclipse Kura gateways on Kura's own topic namespace; the
 * gateways are the {@code campusedge.kura.gateways} entries.
 */
@ConfigurationProperties("campusedge.kura")
public record KuraConfig(@Bindable(defaultValue = "false") boolean enabled) {}
