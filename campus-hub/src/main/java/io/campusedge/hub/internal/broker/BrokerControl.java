package io.campusedge.hub.internal.broker;

import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/** The MQTT broker the hub uses: where it is, how the hub logs in, and its lifecycle. */
public interface BrokerControl {

  /** Starts an embedded broker; nothing for an external one. Fails with a readable message. */
  void start();

  void stop();

  boolean isRunning();

  /** Where the hub's own client connects, e.g. {@code tcp://127.0.0.1:1883}. */
  URI clientUri();

  /** The port gateways connect to. */
  int port();

  MqttCredentials hubCredentials();

  /** For an {@code ssl://} client URI: how the hub's client trusts the broker. */
  default Optional<SSLSocketFactory> clientSocketFactory() {
    return Optional.empty();
  }
}
