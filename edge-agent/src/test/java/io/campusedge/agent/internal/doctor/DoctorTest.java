package io.campusedge.agent.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.agent.internal.update.Versions;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each doctor check against the bad input itself. */
class DoctorTest {
  private static final DriverRegistry DRIVERS = DriverRegistry.load();
  @TempDir Path dir;
  private final AtomicReference<Set<String>> groups = new AtomicReference<>(Set.of());
  private final AtomicReference<Optional<Boolean>> synced =
      new AtomicReference<>(Optional.of(true));
  private ServerSocket server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private DoctorEnvironment env() {
    return new DoctorEnvironment(
        dir.resolve("root"),
        "campusedge",
        user -> groups.get(),
        synced::get,
        Buses::none,
        Clock.systemUTC(),
        Duration.ofSeconds(2));
  }

  private Doctor doctor() {
    return new Doctor(DRIVERS, env());
  }

  private Path config(String broker, String devices) throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        site: THPT-TEST
        gatewayId: gw-a101
        dataDir: data
        broker:
          url: %s
          username: gw-a101
          passwordFile: mqtt.pass
        rooms:
          - id: A101
        devices:
        %s
        """
            .formatted(broker, devices));
    Path pass = dir.resolve("mqtt.pass");
    if (!Files.exists(pass)) {
      Files.writeString(pass, "secret");
      Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
    }
    return file;
  }

  private static final String BME280 =
      "  - { id: a101-climate, type: bme280, room: A101, pollInterval: 10s, params: { bus: 1 } }";
  private static final String SIMULATED =
      "  - { id: a101-sim, type: simulated-climate, room: A101, pollInterval: 10s }";

  private AgentConfig load(Path file) throws Exception {
    return new AgentConfigLoader(DRIVERS).load(file);
  }

  private static Check named(List<Check> checks, String prefix) {
    return checks.stream().filter(c -> c.check().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void badConfigIsReportedWithItsLine() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "site: X\ngatewayId: gw\nbroker:\n  url: http://hub\n");
    List<Check> checks = doctor().run(file);
    assertThat(checks)
        .anyMatch(c -> c.status() == Check.Status.FAIL && c.detail().contains("line 4"));
  }

  @Test
  void missingI2cDeviceFileFailsWithRaspiConfigFix() throws Exception {
    List<Check> checks = doctor().deviceFiles(load(config("tcp://127.0.0.1:1", BME280)));
    Check bus = named(checks, "I2C bus /dev/i2c-1");
    assertThat(bus.status()).isEqualTo(Check.Status.FAIL);
    assertThat(bus.detail()).contains("missing").contains("a101-climate");
    assertThat(bus.fix()).contains("raspi-config nonint do_i2c 0");
  }

  @Test
  void deviceFileWithoutPermissionFailsWithAdduserFix() throws Exception {
    Path node = Files.createDirectories(dir.resolve("root/dev")).resolve("i2c-1");
    Files.createFile(node);
    Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw----"));
    String nodeGroup =
        Files.readAttributes(node, java.nio.file.attribute.PosixFileAttributes.class)
            .group()
            .getName();
    AgentConfig config = load(config("tcp://127.0.0.1:1", BME280));

    Check denied = named(doctor().deviceFiles(config), "I2C bus");
    assertThat(denied.status()).isEqualTo(Check.Status.FAIL);
    assertThat(denied.line())
        .contains("FAIL  I2C bus /dev/i2c-1: permission denied for user campusedge")
        .contains("sudo adduser campusedge i2c, then reboot");

    groups.set(Set.of(nodeGroup, "i2c"));
    assertThat(named(doctor().deviceFiles(config), "I2C bus").status()).isEqualTo(Check.Status.OK);
  }

  @Test
  void deviceThatDoesNotAnswerIsBadWithTheDriversReason() throws Exception {
    AgentConfig config = load(config("tcp://127.0.0.1:1", BME280 + "\n" + SIMULATED));
    List<Check> checks = doctor().devices(config);
    Check bme = named(checks, "device a101-climate");
    assertThat(bme.status()).isEqualTo(Check.Status.FAIL);
    assertThat(bme.detail()).startsWith("BAD: ");
    assertThat(named(checks, "device a101-sim").status()).isEqualTo(Check.Status.OK);
    assertThat(named(checks, "device a101-sim").detail()).startsWith("GOOD");
  }

  @Test
  void wrongPasswordIsToldApartFromOtherBrokerFailures() throws Exception {
    int port = fakeBroker(0x86);
    Check check =
        new BrokerProbe(Clock.systemUTC(), Duration.ofSeconds(3))
            .probe(load(config("tcp://127.0.0.1:" + port, SIMULATED)));
    assertThat(check.status()).isEqualTo(Check.Status.FAIL);
    assertThat(check.detail()).contains("bad user name or password");
    assertThat(check.fix()).contains("provision again");
  }

  @Test
  void brokerThatAcceptsIsOk() throws Exception {
    int port = fakeBroker(0x00);
    Check check =
        new BrokerProbe(Clock.systemUTC(), Duration.ofSeconds(3))
            .probe(load(config("tcp://127.0.0.1:" + port, SIMULATED)));
    assertThat(check.status()).isEqualTo(Check.Status.OK);
  }

  @Test
  void refusedConnectionAndUnknownHost() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    BrokerProbe probe = new BrokerProbe(Clock.systemUTC(), Duration.ofSeconds(3));
    assertThat(probe.probe(load(config("tcp://127.0.0.1:" + closed, SIMULATED))).detail())
        .contains("connection refused");
    assertThat(probe.probe(load(config("tcp://no-such-hub.invalid:1883", SIMULATED))).detail())
        .contains("cannot be found (DNS)");
  }

  @Test
  void untrustedAndExpiredBrokerCertificates() throws Exception {
    BrokerProbe probe = new BrokerProbe(Clock.systemUTC(), Duration.ofSeconds(3));
    int untrusted = tlsServer("untrusted", false);
    Check a = probe.probe(load(config("ssl://127.0.0.1:" + untrusted, SIMULATED)));
    assertThat(a.detail()).contains("not trusted").contains("valid until");
    server.close();

    int expired = tlsServer("expired", true);
    Check b = probe.probe(load(config("ssl://127.0.0.1:" + expired, SIMULATED)));
    assertThat(b.status()).isEqualTo(Check.Status.FAIL);
    assertThat(b.detail()).contains("has expired").contains("valid until");
  }

  @Test
  void clockUnknownWarnsUnsyncedFails() {
    synced.set(Optional.empty());
    assertThat(doctor().clock().status()).isEqualTo(Check.Status.WARN);
    synced.set(Optional.of(false));
    assertThat(doctor().clock().status()).isEqualTo(Check.Status.FAIL);
    synced.set(Optional.of(true));
    assertThat(doctor().clock().status()).isEqualTo(Check.Status.OK);
  }

  @Test
  void reserveLargerThanFreeSpaceFails() throws Exception {
    AgentConfig c = load(config("tcp://127.0.0.1:1", SIMULATED));
    long free = Files.getFileStore(dir).getUsableSpace();
    AgentConfig full =
        new AgentConfig(
            c.site(),
            c.gatewayId(),
            dir,
            c.broker(),
            c.rooms(),
            c.devices(),
            c.uplink(),
            c.clock(),
            new AgentConfig.OutboxSettings(
                Long.MAX_VALUE, free + (1L << 30), Duration.ofDays(1), 4),
            c.siteKey(),
            c.status());
    assertThat(doctor().disk(full, () -> free).status()).isEqualTo(Check.Status.FAIL);
    assertThat(doctor().disk(c, () -> c.outbox().attendanceReserveBytes() * 3).status())
        .isEqualTo(Check.Status.OK);
    assertThat(doctor().disk(c, () -> c.outbox().attendanceReserveBytes() + 1).status())
        .isEqualTo(Check.Status.WARN);
  }

  @Test
  void updatesShowAPendingUpdateAndTheLastRollbackWithItsReason() throws Exception {
    AgentConfig config = load(config("tcp://127.0.0.1:1", SIMULATED));
    var versions = new Versions(config.versionsDir());

    assertThat(doctor().updates(config))
        .isEqualTo(
            new Check(
                "updates",
                Check.Status.OK,
                "running package, updates off (no update.trustedKeys)",
                ""));

    Files.createDirectories(versions.versionDir("0.2.0"));
    versions.switchTo("0.2.0", "package", Instant.parse("2026-12-06T09:10:00Z"), 3);
    assertThat(doctor().updates(config).detail())
        .startsWith("update to 0.2.0 waiting for confirmation (started 0 of 3 times");

    versions.rollBack("0.2.0 started 4 times without confirming", Instant.EPOCH);
    Check rolledBack = doctor().updates(config);
    assertThat(rolledBack.status()).isEqualTo(Check.Status.WARN);
    assertThat(rolledBack.detail())
        .isEqualTo(
            "rolled back from 0.2.0 to package at 1970-01-01T00:00:00Z: 0.2.0 started 4 times"
                + " without confirming");
  }

  @Test
  void outboxHealthyLockedAndCorrupt() throws Exception {
    AgentConfig config = load(config("tcp://127.0.0.1:1", SIMULATED));
    Files.createDirectories(config.dataDir());
    try (H2Outbox outbox = H2Outbox.open(config.outboxFile(), Clock.systemUTC(), "doctor-test")) {
      outbox.append(Lane.TELEMETRY, reading()).get();
      outbox.append(Lane.ATTENDANCE, reading()).get();
    }
    Process agent = OutboxHolder.start(config.outboxFile());
    try {
      Check locked = doctor().outbox(config);
      assertThat(locked.status()).isEqualTo(Check.Status.WARN);
      assertThat(locked.detail()).isEqualTo("agent running, outbox in use");
    } finally {
      agent.getOutputStream().close();
      agent.waitFor();
    }
    Check healthy = doctor().outbox(config);
    assertThat(healthy.status()).isEqualTo(Check.Status.OK);
    assertThat(healthy.detail())
        .contains("2 record(s) waiting (attendance 1, events 0, telemetry 1)");

    Files.write(config.dataDir().resolve("outbox.mv.db"), new byte[4096]);
    Check corrupt = doctor().outbox(config);
    assertThat(corrupt.status()).isEqualTo(Check.Status.FAIL);
    assertThat(Files.size(config.dataDir().resolve("outbox.mv.db"))).isEqualTo(4096);
  }

  @Test
  void secretFilesMissingOrReadableByOthers() throws Exception {
    Path file = config("tcp://127.0.0.1:1", SIMULATED);
    Path pass = dir.resolve("mqtt.pass");
    assertThat(named(doctor().secretFiles(file), "MQTT password").status())
        .isIn(Check.Status.OK, Check.Status.FAIL); // owner is the test user, not campusedge
    Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-r--r--"));
    Check open = named(doctor().secretFiles(file), "MQTT password");
    assertThat(open.status()).isEqualTo(Check.Status.FAIL);
    assertThat(open.detail()).contains("readable by every user");
    assertThat(open.fix()).contains("chmod 600");
    Files.delete(pass);
    assertThat(named(doctor().secretFiles(file), "MQTT password").detail()).isEqualTo("missing");
  }

  static Record reading() {
    return Record.newBuilder()
        .setClock(ClockState.newBuilder().setBootId("boot-1").setMonotonicMs(5))
        .setReading(
            Reading.newBuilder().setDeviceId("a101-sim").setMetric("co2").setDoubleValue(412))
        .build();
  }

  /** Reads one CONNECT and answers with an MQTT 5 CONNACK carrying {@code reason}. */
  private int fakeBroker(int reason) throws Exception {
    server = new ServerSocket(0);
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  InputStream in = s.getInputStream();
                  in.read();
                  int length = 0;
                  int shift = 0;
                  int b;
                  do {
                    b = in.read();
                    length |= (b & 0x7f) << shift;
                    shift += 7;
                  } while ((b & 0x80) != 0);
                  in.readNBytes(length);
                  OutputStream out = s.getOutputStream();
                  out.write(new byte[] {0x20, 0x03, 0x00, (byte) reason, 0x00});
                  out.flush();
                  if (reason == 0) {
                    in.read(); // the DISCONNECT, then the client closes
                  }
                } catch (Exception e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return server.getLocalPort();
  }

  /** A TLS listener with a self-signed certificate the agent does not trust; expired if asked. */
  private int tlsServer(String alias, boolean expired) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keyalg",
                "EC",
                "-alias",
                alias,
                "-dname",
                "CN=" + alias,
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit",
                "-validity",
                "1"));
    if (expired) {
      cmd.addAll(List.of("-startdate", "-10d"));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket tls = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0);
    server = tls;
    Thread t =
        new Thread(
            () -> {
              while (!tls.isClosed()) {
                try (Socket s = tls.accept()) {
                  s.getInputStream().read();
                } catch (Exception e) {
                  // The client refuses the certificate: expected.
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return tls.getLocalPort();
  }
}
