package io.campusedge.hub.internal.broker;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

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

  /**
   * For an {@code ssl://} client URI: the certificates the hub's clients trust the broker by, when
   * not the JVM's. Such a trust is exactly the broker's own, so host names are not checked with it.
   */
  default Optional<TrustManagerFactory> clientTrust() {
    return Optional.empty();
  }

  /** Sockets for the hub's Paho clients over {@link #clientTrust()}, when it is set. */
  default Optional<SSLSocketFactory> clientSocketFactory() {
    return clientTrust()
        .map(
            trust -> {
              try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context.getSocketFactory();
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
              }
            });
  }
}
