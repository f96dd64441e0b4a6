package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.broker.MqttCredentials;
import java.net.Socket;
import java.net.URI;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;

/**
 * The hub's MQTT sessions run on sockets with Nagle off, plain or TLS as the broker's URI and trust
 * need: a gateway's ack must not wait for the broker's delayed ACK.
 */
class MqttClientsTest {

  @Test
  void plainBrokerGetsPlainSocketsWithNoDelay() throws Exception {
    MqttConnectionOptions options = MqttClients.hubOptions(broker("tcp://127.0.0.1:1883", null));

    try (Socket socket = options.getSocketFactory().createSocket()) {
      assertThat(socket).isNotInstanceOf(SSLSocket.class);
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
    assertThat(options.getUserName()).isEqualTo("hub");
  }

  @Test
  void embeddedTlsBrokerGetsItsTrustWithNoDelay() throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init((KeyStore) null);
    MqttConnectionOptions options = MqttClients.hubOptions(broker("ssl://127.0.0.1:8883", trust));

    assertThat(options.getSocketFactory()).isInstanceOf(SSLSocketFactory.class);
    assertThat(options.isHttpsHostnameVerificationEnabled()).isFalse();
    try (Socket socket = options.getSocketFactory().createSocket()) {
      assertThat(socket).isInstanceOf(SSLSocket.class);
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void externalSslBrokerGetsTheJvmTrustAndKeepsHostnameChecks() throws Exception {
    MqttConnectionOptions options =
        MqttClients.hubOptions(broker("ssl://broker.school.local:8883", null));

    SocketFactory factory = options.getSocketFactory();
    assertThat(factory).isInstanceOf(SSLSocketFactory.class);
    assertThat(options.isHttpsHostnameVerificationEnabled()).isTrue();
    try (Socket socket = factory.createSocket()) {
      assertThat(socket).isInstanceOf(SSLSocket.class);
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  private static BrokerControl broker(String uri, TrustManagerFactory trust) {
    return new BrokerControl() {
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
        return URI.create(uri).getPort();
      }

      @Override
      public MqttCredentials hubCredentials() {
        return new MqttCredentials("hub", "hub-secret");
      }

      @Override
      public Optional<TrustManagerFactory> clientTrust() {
        return Optional.ofNullable(trust);
      }
    };
  }
}
