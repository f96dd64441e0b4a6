package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import io.campusedge.hub.internal.broker.BrokerControl;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** Where and how the hub's ingestion client connects, from the broker's URI and trust. */
class HiveMqClientSettingsTest {

  @Test
  void plainBrokerWithoutPortGetsPlainMqttOnItsDefaultPort() {
    MqttClientTransportConfig transport =
        transport(new BrokerAt("tcp://broker.school.local", null));

    assertThat(transport.getServerAddress().getHostString()).isEqualTo("broker.school.local");
    assertThat(transport.getServerAddress().getPort()).isEqualTo(1883);
    assertThat(transport.getSslConfig()).isEmpty();
    assertThat(transport.getWebSocketConfig()).isEmpty();
    assertThat(transport.getSocketConnectTimeoutMs()).isEqualTo(10_000);
  }

  @Test
  void embeddedTlsBrokerIsTrustedByItsOwnCertificatesWhateverTheHostName() throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init((KeyStore) null);

    MqttClientSslConfig ssl =
        transport(new BrokerAt("ssl://127.0.0.1:8883", trust)).getSslConfig().orElseThrow();

    assertThat(ssl.getTrustManagerFactory()).containsSame(trust);
    assertThat(ssl.getHostnameVerifier()).isPresent();
    assertThat(ssl.getHostnameVerifier().get().verify("not-the-broker.example", null)).isTrue();
  }

  @Test
  void externalSslBrokerKeepsTheJvmTrustAndHostNameChecks() {
    MqttClientTransportConfig transport =
        transport(new BrokerAt("ssl://broker.school.local", null));

    MqttClientSslConfig ssl = transport.getSslConfig().orElseThrow();
    assertThat(ssl.getTrustManagerFactory()).isEmpty();
    assertThat(ssl.getHostnameVerifier()).isEmpty(); // the client's default: verify the host
    assertThat(transport.getServerAddress().getPort()).isEqualTo(8883);
  }

  @Test
  void webSocketBrokerGetsItsPath() {
    MqttClientTransportConfig transport =
        transport(new BrokerAt("wss://broker.school.local/ws", null));

    assertThat(transport.getSslConfig()).isPresent();
    assertThat(transport.getWebSocketConfig().orElseThrow().getServerPath()).isEqualTo("ws");
    assertThat(transport.getServerAddress().getPort()).isEqualTo(443);
  }

  @Test
  void aUrlOfAnotherProtocolIsRefusedNamingIt() {
    assertThatThrownBy(() -> transport(new BrokerAt("http://broker.school.local:1883", null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://broker.school.local:1883")
        .hasMessageContaining("tcp://");
  }

  private static MqttClientTransportConfig transport(BrokerControl broker) {
    return HiveMqBrokerConnection.builder(broker, "hub-test")
        .buildAsync()
        .getConfig()
        .getTransportConfig();
  }
}
