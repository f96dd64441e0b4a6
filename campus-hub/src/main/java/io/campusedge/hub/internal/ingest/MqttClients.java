package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.broker.MqttCredentials;
import io.campusedge.protos.transport.NoDelaySocketFactory;
import io.campusedge.protos.transport.NoDelaySslSocketFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;

/** What the hub's own MQTT sessions (ingestion, Sparkplug host, Kura) share. */
public final class MqttClients {
  private MqttClients() {}

  /** Last words while still connected (a death message), before the DISCONNECT. */
  @FunctionalInterface
  public interface LastWords {
    void send() throws MqttException;
  }

  /**
   * Connection options for a hub session on the hub's broker: clean start, no automatic reconnect
   * (each session supervises its own), 30 s keep-alive, 10 s connect timeout, the hub's credentials
   * and, with TLS, the broker's trust. The hub connects to its own broker and trusts exactly that
   * broker's certificates, whatever host name they carry.
   */
  public static MqttConnectionOptions hubOptions(BrokerControl broker) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    // Built once: for the embedded broker over TLS this reads its keystore.
    Optional<SSLSocketFactory> trust = broker.clientSocketFactory();
    options.setSocketFactory(socketFactory(trust, broker.clientUri()));
    if (trust.isPresent()) {
      options.setHttpsHostnameVerificationEnabled(false);
    }
    MqttCredentials credentials = broker.hubCredentials();
    if (!credentials.username().isEmpty()) {
      options.setUserName(credentials.username());
      options.setPassword(credentials.password().getBytes(StandardCharsets.UTF_8));
    }
    return options;
  }

  /**
   * Sockets with Nagle off (the hub's acks are small, and each would wait for the broker's delayed
   * ACK): over TLS with the embedded broker's trust, or the JVM's for an external {@code ssl://}
   * broker.
   */
  private static SocketFactory socketFactory(Optional<SSLSocketFactory> trust, URI broker) {
    if (trust.isPresent()) {
      return new NoDelaySslSocketFactory(trust.get());
    }
    String scheme = broker.getScheme();
    if ("ssl".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme)) {
      return new NoDelaySslSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault());
    }
    return new NoDelaySocketFactory();
  }

  /**
   * Disconnects (waiting up to 3 s, after {@code beforeDisconnect} while still connected) and
   * releases the client; a failure is only logged, the session ends anyway.
   */
  public static void closeQuietly(
      MqttAsyncClient client, LastWords beforeDisconnect, Logger log, String what) {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        beforeDisconnect.send();
        client.disconnect(2_000).waitForCompletion(3_000);
      }
      client.close(true);
    } catch (MqttException e) {
      log.debug("Closing the {} client: {}", what, e.getMessage());
    }
  }
}
