package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.broker.MqttCredentials;
import java.net.URI;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;

/**
 * A running broker at {@code uri}, with the hub's trust for it if any ({@code null}: the JVM's):
 * what the MQTT client settings are built from, without a broker.
 */
record BrokerAt(String uri, TrustManagerFactory trust) implements BrokerControl {
  @Override
  public void start() {}

  @Override
  public void stop() {}

  @Override
  public boolean isRunning() {
    return true;
  }

  @Override
  public URI clientUri() {
    return URI.create(uri);
  }

  @Override
  public int port() {
    return clientUri().getPort();
  }

  @Override
  public MqttCredentials hubCredentials() {
    return new MqttCredentials("hub", "hub-secret");
  }

  @Override
  public Optional<TrustManagerFactory> clientTrust() {
    return Optional.ofNullable(trust);
  }
}
