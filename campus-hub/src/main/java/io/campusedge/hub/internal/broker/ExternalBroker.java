package io.campusedge.hub.internal.broker;

import io.campusedge.hub.internal.config.BrokerConfig;
import java.net.URI;

/** A broker run elsewhere (Mosquitto, EMQX, a HiveMQ cluster); the hub only connects to it. */
final class ExternalBroker implements BrokerControl {
  private static final int MQTT_DEFAULT_PORT = 1883;

  private final URI url;
  private final MqttCredentials credentials;

  ExternalBroker(BrokerConfig config) {
    this.url = config.url();
    this.credentials =
        new MqttCredentials(
            config.username() == null ? "" : config.username(),
            config.password() == null ? "" : config.password());
  }

  @Override
  public void start() {}

  @Override
  public void stop() {}

  /** Reachability shows in the ingest client's health. */
  @Override
  public boolean isRunning() {
    return true;
  }

  @Override
  public URI clientUri() {
    return url;
  }

  @Override
  public int port() {
    return url.getPort() > 0 ? url.getPort() : MQTT_DEFAULT_PORT;
  }

  @Override
  public MqttCredentials hubCredentials() {
    return credentials;
  }
}
