package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;

/** {@code campusedge.broker}: the embedded HiveMQ CE broker, or an external one by URL. */
@ConfigurationProperties("campusedge.broker")
public record BrokerConfig(
    @Bindable(defaultValue = "true") boolean embedded,
    @Bindable(defaultValue = "1883") @Min(1) @Max(65535) int port,
    @Bindable(defaultValue = "0.0.0.0") @NotBlank String bindAddress,
    @Nullable URI url,
    @Nullable String username,
    @Nullable String password,
    @Nullable Boolean sharedSubscription) {

  public BrokerConfig {
    if (!embedded && url == null) {
      throw new IllegalArgumentException(
          "campusedge.broker.url is required when campusedge.broker.embedded=false"
              + " (e.g. tcp://broker.school.local:1883)");
    }
  }

  /**
   * Whether ingestion reads data through the {@code $share/hub/...} group. Needed only when several
   * hub instances share one external broker; with the embedded broker there is one hub, and HiveMQ
   * CE has an open bug where QoS 1 shared subscribers stop receiving (hivemq-community-edition
   * issue 558), which we also saw here as a silent ingestion stall. Default: shared only for an
   * external broker.
   */
  public boolean useSharedSubscription() {
    return sharedSubscription != null ? sharedSubscription : !embedded;
  }

  @Override
  public String toString() {
    return "BrokerConfig[embedded="
        + embedded
        + ", port="
        + port
        + ", bindAddress="
        + bindAddress
        + ", url="
        + url
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", sharedSubscription="
        + useSharedSubscription()
        + "]";
  }
}
