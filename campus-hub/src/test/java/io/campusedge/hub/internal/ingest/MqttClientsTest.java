package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.security.KeyStore;
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
    MqttConnectionOptions options =
        MqttClients.hubOptions(new BrokerAt("tcp://127.0.0.1:1883", null));

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
    MqttConnectionOptions options =
        MqttClients.hubOptions(new BrokerAt("ssl://127.0.0.1:8883", trust));

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
        MqttClients.hubOptions(new BrokerAt("ssl://broker.school.local:8883", null));

    SocketFactory factory = options.getSocketFactory();
    assertThat(factory).isInstanceOf(SSLSocketFactory.class);
    assertThat(options.isHttpsHostnameVerificationEnabled()).isTrue();
    try (Socket socket = factory.createSocket()) {
      assertThat(socket).isInstanceOf(SSLSocket.class);
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }
}
