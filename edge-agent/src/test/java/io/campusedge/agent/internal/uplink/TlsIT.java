package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent over TLS to HiveMQ CE's TLS listener, which requires a client certificate: CA and
 * client certificate from PEM files, the PKI made by keytool for this run.
 */
class TlsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path shared;
  private static TestCertificates pki;

  @TempDir Path dir;
  private TestBroker broker;
  private FakeHub hub;
  private EdgeAgent agent;
  private int tlsPort;
  private final DriverRegistry drivers = DriverRegistry.load();

  @BeforeAll
  static void makePki() throws Exception {
    pki = TestCertificates.create(shared.resolve("pki"));
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private void startBrokerAndHub() throws Exception {
    tlsPort = TestBroker.freePort();
    String listener =
        """
        <tls-tcp-listener>
          <port>%d</port>
          <bind-address>127.0.0.1</bind-address>
          <tls>
            <keystore>
              <path>%s</path>
              <password>%s</password>
              <private-key-password>%s</private-key-password>
            </keystore>
            <truststore>
              <path>%s</path>
              <password>%s</password>
            </truststore>
            <client-authentication-mode>REQUIRED</client-authentication-mode>
          </tls>
        </tls-tcp-listener>
        """
            .formatted(
                tlsPort,
                pki.brokerKeystore(),
                TestCertificates.PASSWORD,
                TestCertificates.PASSWORD,
                pki.brokerTruststore(),
                TestCertificates.PASSWORD);
    broker = new TestBroker(dir.resolve("broker"), listener, "");
    broker.start();
    hub = new FakeHub(broker.url(), true);
    hub.connect();
  }

  private EdgeAgent startAgent(Path caFile) throws Exception {
    String yaml =
        """
        site: THPT-TLS
        gatewayId: gw-tls
        dataDir: %s
        broker:
          url: ssl://127.0.0.1:%d
          caFile: %s
          clientCertFile: %s
          clientKeyFile: %s
        rooms:
          - id: A101
        devices:
          - id: a101-climate
            type: simulated-climate
            pollInterval: 200ms
        uplink:
          reconnectMaxDelay: 1s
        clock:
          assumeSynced: true
        """
            .formatted(dir.resolve("gw"), tlsPort, caFile, pki.clientCertPem(), pki.clientKeyPem());
    AgentConfig config = new AgentConfigLoader(drivers).parse(yaml, "agent.yaml", dir);
    agent = EdgeAgent.start(config, drivers);
    return agent;
  }

  @Test
  void readingsTravelOverTlsWithAClientCertificate() throws Exception {
    startBrokerAndHub();
    startAgent(pki.caPem());

    await().atMost(PATIENCE).until(() -> agent.isConnected() && hub.contiguousUpTo() >= 12);
    await().atMost(PATIENCE).until(() -> agent.outboxStats().pendingRecords() < 12);
  }

  @Test
  void anAgentThatDoesNotTrustTheBrokersCertificateNeverConnects() throws Exception {
    startBrokerAndHub();
    // The client certificate is no CA: the broker's chain cannot be verified against it.
    startAgent(pki.clientCertPem());

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> !agent.isConnected());
    assertThat(hub.stored()).isEmpty();
  }
}
