package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;

/** {@code campusedge.broker}: the embedded HiveMQ CE broker, or an external one by URL. */
@ConfigurationProperties("campusedge.broker")
public record BrokerConfig(
    @Bindable(defaultValue = "true") boolean embedded,
    @Bindable(defaultValue = "1883") @Min(1) @Max(65535) int port,
    @Bindable(defaultValue = "0.0.0.0") @NotBlank String bindAddress,
    @Nullable URI url,
    @Nullable String username,
    @Nullable String password,
    @Nullable Boolean sharedSubscription,
    @Nullable String clientId,
    @Nullable Boolean persistentSession,
    @Bindable(defaultValue = "5m") @NotNull Duration sessionExpiry,
    @Bindable(defaultValue = "true") boolean plainEnabled,
    @Nullable @Min(1) @Max(65535) Integer receiveMaximum,
    @Bindable(defaultValue = "100") @Min(1) @Max(65535) int serverReceiveMaximum,
    @Bindable(defaultValue = "100000") @Min(1) long maxQueuedMessages,
    @Bindable(defaultValue = "file") @NotNull String persistence) {

  public BrokerConfig {
    if (!embedded && url == null) {
      throw new IllegalArgumentException(
          "campusedge.broker.url is required when campusedge.broker.embedded=false"
              + " (e.g. tcp://broker.school.local:1883)");
    }
    if (clientId != null && (clientId.isBlank() || clientId.length() > 64)) {
      throw new IllegalArgumentException(
          "campusedge.broker.client-id '" + clientId + "' must be 1 to 64 characters");
    }
    if (persistence != null && !persistence.equals("file") && !persistence.equals("in-memory")) {
      throw new IllegalArgumentException(
          "campusedge.broker.persistence is '" + persistence + "'; use file or in-memory");
    }
    if (sessionExpiry != null
        && (sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException(
          "campusedge.broker.session-expiry is " + sessionExpiry + "; use 0s to 136y (e.g. 5m)");
    }
  }

  /**
   * Whether the hub's MQTT session outlives a connection (clean start off, session expiry on), so
   * the broker redelivers what the hub had not acknowledged when the connection dropped. Default:
   * only with an external broker; the embedded broker stops with the hub.
   */
  public boolean usePersistentSession() {
    return persistentSession != null ? persistentSession : !embedded;
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

  /**
   * The Receive Maximum the hub advertises: how many unacknowledged QoS 1 messages the broker may
   * send it. Default: the ingest queue's capacity with the embedded broker (which keeps to it, so
   * the queue never fills); 65535 with an external one, because Mosquitto 2.0.11 sends beyond a
   * smaller one and then disconnects the hub with a protocol error when it acknowledges them. The
   * queue bound holds either way: a full queue stops the client reading.
   */
  public int receiveMaximum(int queueCapacity) {
    if (receiveMaximum != null) {
      return receiveMaximum;
    }
    return embedded ? queueCapacity : 65535;
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
        + ", clientId="
        + clientId
        + ", persistentSession="
        + usePersistentSession()
        + ", sessionExpiry="
        + sessionExpiry
        + ", plainEnabled="
        + plainEnabled
        + ", receiveMaximum="
        + receiveMaximum
        + ", persistence="
        + persistence
        + "]";
  }
}
