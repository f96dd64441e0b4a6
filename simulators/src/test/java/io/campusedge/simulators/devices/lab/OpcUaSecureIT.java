package io.campusedge.simulators.devices.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code opcua} driver with {@code security: basic256sha256} against the simulator's
 * Basic256Sha256 SignAndEncrypt endpoint, each side starting with an empty trust list: the driver
 * refuses the unknown server and saves its certificate; once trusted, the server refuses the
 * unknown gateway and quarantines its certificate; once the server trusts it too, values flow over
 * the encrypted channel.
 */
class OpcUaSecureIT implements RecordSink {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String GATEWAY_URI = "urn:campusedge:gateway:lab1-secure";

  @TempDir Path tmp;
  private final Map<String, Reading> latest = new ConcurrentHashMap<>();
  private final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
  private LabInstrumentServer server;
  private DeviceDriver driver;
  private X509Certificate gatewayCert;
  private Path trustList;

  @BeforeEach
  void start() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);
    server = new LabInstrumentServer(clock).secured(tmp.resolve("server-pki")).start(0);
    Path own = Files.createDirectories(tmp.resolve("gateway/own"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair keys = rsa.generateKeyPair();
    gatewayCert =
        new SelfSignedCertificateBuilder(keys)
            .setCommonName("CampusEdge gateway lab1")
            .setApplicationUri(GATEWAY_URI)
            .addDnsName("localhost")
            .setValidityPeriod(Period.ofYears(1))
            .build();
    Files.writeString(own.resolve("gateway.crt"), pem("CERTIFICATE", gatewayCert.getEncoded()));
    Files.writeString(
        own.resolve("gateway.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    trustList = tmp.resolve("gateway/pki");
    Map<String, Object> params =
        Map.of(
            "endpoint",
            server.endpointUrl(),
            "security",
            "basic256sha256",
            "certificate",
            own.resolve("gateway.crt").toString(),
            "privateKey",
            own.resolve("gateway.key").toString(),
            "trustList",
            trustList.toString(),
            "publishingInterval",
            "100ms",
            "samplingInterval",
            "50ms",
            "requestTimeout",
            "3s",
            "points",
            List.of(
                Map.of("metric", "temperature", "unit", "Cel", "path", "Incubator1/Temperature")));
    driver =
        DriverRegistry.load()
            .create(new DeviceSpec("lab1-secure", "opcua", "LAB1", Duration.ofSeconds(1), params));
    driver.open(new DriverContext(this, clock));
  }

  @AfterEach
  void stop() {
    driver.close();
    server.close();
  }

  @Test
  void connectsOnlyOnceEachSideTrustsTheOther() throws Exception {
    // 1. The gateway does not know the server: refused, certificate saved under rejected/.
    DeviceStatus untrustedServer = pollUntilUnreachable();
    Path saved = only(trustList.resolve("rejected"));
    assertThat(untrustedServer.getError())
        .contains("Bad_CertificateUntrusted")
        .contains(saved.toString())
        .contains("move it to " + trustList.resolve("trusted"));
    assertThat(Files.readAllBytes(saved))
        .isEqualTo(server.certificate().orElseThrow().getEncoded());
    assertThat(latest.get("temperature").getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(server.sessionSecurityPolicies()).isEmpty();

    // 2. The technician trusts the server; now the server does not know the gateway.
    Files.move(saved, trustList.resolve("trusted").resolve(saved.getFileName()));
    // The device stays unreachable (reported once); each poll's readings carry the new reason.
    Reading refused = pollUntilReason("Bad_SecurityChecksFailed");
    assertThat(refused.getQualityReason())
        .contains("the server refused the gateway's application certificate")
        .contains(tmp.resolve("gateway/own/gateway.crt").toString());
    assertThat(statuses).extracting(DeviceStatus::getReachable).containsOnly(false);
    Path quarantined =
        await()
            .atMost(WAIT)
            .until(() -> onlyOrNull(server.rejectedClients().orElseThrow()), f -> f != null);
    assertThat(Files.readAllBytes(quarantined)).isEqualTo(gatewayCert.getEncoded());

    // 3. The instrument's administrator trusts the gateway: values flow over SignAndEncrypt.
    Path trusted = server.trustedClients().orElseThrow();
    Files.move(
        quarantined, trusted.resolve(quarantined.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              driver.poll();
              Reading r = latest.get("temperature");
              return r != null && r.getQuality() == Quality.QUALITY_GOOD;
            });
    assertThat(latest.get("temperature").getDoubleValue()).isEqualTo(37.0);
    assertThat(statuses).last().extracting(DeviceStatus::getReachable).isEqualTo(true);
    assertThat(server.sessionSecurityPolicies())
        .containsExactly(
            "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256 SignAndEncrypt");
  }

  private Reading pollUntilReason(String text) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              driver.poll();
              Reading r = latest.get("temperature");
              return r != null && r.getQualityReason().contains(text);
            });
    return latest.get("temperature");
  }

  private DeviceStatus pollUntilUnreachable() {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              driver.poll();
              return !statuses.isEmpty() && !statuses.get(statuses.size() - 1).getReachable();
            });
    return statuses.get(statuses.size() - 1);
  }

  private static Path only(Path dir) throws Exception {
    Path f = onlyOrNull(dir);
    assertThat(f).as("one file in " + dir).isNotNull();
    return f;
  }

  private static Path onlyOrNull(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      return all.size() == 1 ? all.get(0) : null;
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Override
  public void reading(Reading reading) {
    latest.put(reading.getMetric(), reading);
  }

  @Override
  public void cardTap(CardTap tap) {}

  @Override
  public void equipmentEvent(EquipmentEvent event) {}

  @Override
  public void deviceStatus(DeviceStatus status) {
    statuses.add(status);
  }
}
