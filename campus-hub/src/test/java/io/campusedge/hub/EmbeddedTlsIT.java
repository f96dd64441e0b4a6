package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.v1.GatewayState;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's TLS listener, with a keystore made by keytool in the test. */
class EmbeddedTlsIT {
  private static final String SITE = "s1";
  private static final String STORE_PASSWORD = "tls-test-pass";
  private static final String ADMIN_PASSWORD = "tls-admin-password";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private RunningHub hub;
  private TestGateway gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void gatewaysTalkOverTlsAndThePlainListenerCanBeSwitchedOff() throws Exception {
    Path keystore = generateKeystore(dir.resolve("broker.p12"));
    int plainPort = freePort();
    int tlsPort = freePort();
    Map<String, Object> properties = new HashMap<>();
    properties.put(HubProperties.DATA_DIR, dir.resolve("hub").toString());
    properties.put(HubProperties.HTTP_PORT, -1);
    properties.put(HubProperties.BROKER_PORT, plainPort);
    properties.put(HubProperties.BROKER_BIND_ADDRESS, "127.0.0.1");
    properties.put("campusedge.broker.plain-enabled", false);
    properties.put("campusedge.broker.tls.port", tlsPort);
    properties.put("campusedge.broker.tls.keystore-path", keystore.toString());
    properties.put("campusedge.broker.tls.keystore-password", STORE_PASSWORD);
    properties.put(HubProperties.PASSWORD_HASH_ITERATIONS, 10_000);
    properties.put(HubProperties.ADMIN_PASSWORD, ADMIN_PASSWORD);
    properties.put(
        HubProperties.BOOTSTRAP_GATEWAYS,
        List.of(Map.of("id", "gw-t", "site", SITE, "password", "secret-t")));
    hub = CampusHub.start(properties);

    assertThat(hub.brokerPort()).isEqualTo(tlsPort);
    gateway =
        TestGateway.connect(
            "ssl://127.0.0.1:" + tlsPort, SITE, "gw-t", "secret-t", trusting(keystore));
    gateway.publishState(
        GatewayState.newBuilder().setOnline(true).setSite(SITE).setGatewayId("gw-t").build());
    gateway.publishBatch(new GatewayStream(gateway, 1, 1, 3).firstBatch());
    await().atMost(TIMEOUT).until(() -> gateway.ackedUpTo(1) == 3);

    assertThatThrownBy(() -> TestGateway.connect(plainPort, SITE, "gw-t", "secret-t"))
        .as("no plain listener")
        .isInstanceOf(MqttException.class);
    assertThatThrownBy(
            () ->
                TestGateway.connect(
                    "ssl://127.0.0.1:" + tlsPort,
                    SITE,
                    "gw-t",
                    "secret-t",
                    (SSLSocketFactory) SSLSocketFactory.getDefault()))
        .as("a client that does not trust the broker's certificate")
        .isInstanceOf(MqttException.class);
    String config = Files.readString(dir.resolve("hub/broker/conf/config.xml"));
    assertThat(config).contains("<tls-tcp-listener>").doesNotContain("<tcp-listener>");

    enrolledGatewayGetsTheTlsUrlAndACaThatIsEnoughToTrustTheBroker(tlsPort);
  }

  private void enrolledGatewayGetsTheTlsUrlAndACaThatIsEnoughToTrustTheBroker(int tlsPort)
      throws Exception {
    URI base = hub.httpUrl();
    String admin = HubApi.token(base, "admin", ADMIN_PASSWORD);
    HttpResponse<String> created =
        HubApi.send(
            base, "POST", "/api/v1/enrollments", admin, "{\"site\":\"s1\",\"room\":\"T1\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String token = HubApi.json(created.body()).get("token").getStringValue();
    HttpResponse<String> exchanged =
        HubApi.send(base, "POST", "/api/v1/enroll", null, "{\"token\":\"" + token + "\"}");
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
    JsonNode answer = HubApi.json(exchanged.body());
    JsonNode mqtt = answer.get("mqtt");
    assertThat(mqtt.get("url").getStringValue()).isEqualTo("ssl://localhost:" + tlsPort);
    assertThat(mqtt.get("urls").size()).as("no plain listener, no tcp:// URL").isEqualTo(1);
    String pem = answer.get("caCertificatePem").getStringValue();
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");

    try (TestGateway enrolled =
        TestGateway.connect(
            mqtt.get("url").getStringValue(),
            SITE,
            answer.get("gatewayId").getStringValue(),
            mqtt.get("password").getStringValue(),
            trustingOnly(pem))) {
      assertThat(enrolled.isConnected()).isTrue();
    }
  }

  private static SSLSocketFactory trustingOnly(String pem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context.getSocketFactory();
  }

  private static Path generateKeystore(Path file) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=campus-hub.test",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return file;
  }

  private static SSLSocketFactory trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context.getSocketFactory();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
