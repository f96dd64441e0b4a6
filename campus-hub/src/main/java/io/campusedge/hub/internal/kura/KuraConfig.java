package io.campusedge.hub.internal.kura;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

/**
 * {@code campusedge.kura}: ingestion of Eclipse Kura gateways on Kura's own topic namespace; the
 * gateways are the {@code campusedge.kura.gateways} entries.
 *
 * @param controlPrefix the first level of Kura's lifecycle topics, Kura's CloudService {@code
 *     topic.control-prefix}: {@code $EDC} by default, but the embedded HiveMQ broker refuses
 *     PUBLISH to topics starting with '$', so Kura gateways on it use a prefix without it (e.g.
 *     {@code EDC})
 */
@ConfigurationProperties("campusedge.kura")
public record KuraConfig(
    @Bindable(defaultValue = "false") boolean enabled,
    @Bindable(defaultValue = "$EDC") @NotNull String controlPrefix) {

  public KuraConfig {
    if (controlPrefix != null
        && (controlPrefix.isEmpty()
            || controlPrefix.contains("/")
            || controlPrefix.contains("+")
            || controlPrefix.contains("#"))) {
      throw new IllegalArgumentException(
          "campusedge.kura.control-prefix '"
              + controlPrefix
              + "' must be one MQTT topic level, e.g. $EDC or EDC");
    }
  }
}
