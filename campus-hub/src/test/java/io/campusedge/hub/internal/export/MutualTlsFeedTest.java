package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.MasterKey;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sector feed over HTTPS with mutual TLS instead of OAuth2: with the hub's client key store
 * ({@code campusedge.export.client-tls}) the receiver sees the hub's certificate and takes the
 * batch; without it the handshake fails and the record stays pending. Certificates are made by the
 * JDK's keytool for each run.
 */
class MutualTlsFeedTest {
  private static final String SITE = "THPT-T";
  private static final String PASSWORD = "changeit";
  private static final Caller SCHOOL =
      new Caller("hieu.truong", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of(SITE));

  @TempDir static Path keys;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));
  private final JsonMapper json = JsonMapper.createDefault();
  private DataSource dataSource;
  private FakeSectorDatabase receiver;
  private WebhookDispatcher dispatcher;

  @BeforeAll
  static void makeCertificates() throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        "server.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-genkeypair",
        "-alias",
        "hub",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=hub-thpt-t",
        "-validity",
        "2",
        "-keystore",
        "hub.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "server",
        "-keystore",
        "server.p12",
        "-storepass",
        PASSWORD,
        "-file",
        "server.cer");
    keytool(
        "-exportcert",
        "-alias",
        "hub",
        "-keystore",
        "hub.p12",
        "-storepass",
        PASSWORD,
        "-file",
        "hub.cer");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "server",
        "-file",
        "server.cer",
        "-keystore",
        "hub-trust.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "hub",
        "-file",
        "hub.cer",
        "-keystore",
        "server-trust.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
  }

  @BeforeEach
  void setUp() throws Exception {
    dataSource = TestDatabase.H2.migrated();
    receiver = new FakeSectorDatabase(clock, serverTls());
  }

  @AfterEach
  void tearDown() {
    receiver.close();
    if (dispatcher != null) {
      dispatcher.stop();
    }
  }

  @Test
  void withTheClientKeyStoreTheReceiverSeesTheHubsCertificate() throws Exception {
    WebhookSubscription feed =
        feed(new ExportClientTls(keys.resolve("hub.p12").toString(), PASSWORD));
    String id = attendance();
    drain();
    assertThat(receiver.records()).extracting(r -> r.get("recordId")).containsExactly(id);
    assertThat(receiver.clientCertificates()).containsExactly("CN=hub-thpt-t");
    assertThat(receiver.tokensIssued()).isZero();
    assertThat(status(feed).accepted()).isEqualTo(1);
  }

  @Test
  void withoutAClientCertificateTheHandshakeFailsAndTheRecordWaits() throws Exception {
    WebhookSubscription feed = feed(ExportClientTls.none());
    attendance();
    drain();
    assertThat(receiver.records()).isEmpty();
    ExportDestinations.Status status = status(feed);
    assertThat(status.pending()).isEqualTo(1);
    assertThat(status.failing()).isEqualTo(1);
  }

  private ExportDestinations destinations;

  private WebhookSubscription feed(ExportClientTls clientTls) {
    ExportConfig config =
        new ExportConfig(
            Duration.ofSeconds(1),
            10,
            2,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofMinutes(10),
            5,
            false,
            keys.resolve("hub-trust.p12").toString(),
            PASSWORD);
    MasterKey master = TestMasterKeys.random();
    AuditLog audit = new AuditLog(dataSource, json);
    WebhookSubscriptions subscriptions =
        new WebhookSubscriptions(dataSource, master, audit, config, clock);
    destinations = new ExportDestinations(dataSource, master, audit, subscriptions, json, clock);
    dispatcher =
        new WebhookDispatcher(
            dataSource,
            subscriptions,
            config,
            json,
            clock,
            new Random(5),
            null,
            (site, date) -> List.of(),
            clientTls);
    return destinations.create(
        SCHOOL,
        new ExportDestinations.Request(
            DestinationKind.SECTOR_FEED,
            Optional.of(SITE),
            receiver.feedUrl(),
            List.of(),
            Optional.empty(),
            DestinationSettings.none(),
            Optional.empty()));
  }

  private ExportDestinations.Status status(WebhookSubscription feed) {
    return destinations.status(SCHOOL, feed.id());
  }

  private String attendance() {
    return Sql.inTransaction(
        dataSource,
        connection ->
            new ExportOutbox(json)
                .enqueue(
                    connection,
                    ExportEventType.ATTENDANCE_MARKED,
                    SITE,
                    "student-day:s1/2026-12-07",
                    Map.of(
                        "date", "2026-12-07",
                        "entryId", "e1",
                        "classId", "c1",
                        "userId", "s1",
                        "learnerId", "001209000001",
                        "status", "PRESENT",
                        "source", "TAP",
                        "recordedAt", clock.instant().toString()),
                    clock.instant()));
  }

  private void drain() {
    dispatcher.dispatchOnce();
    clock.advance(Duration.ofMinutes(1));
  }

  private static SSLContext serverTls() throws Exception {
    char[] password = PASSWORD.toCharArray();
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(KeyStore.getInstance(keys.resolve("server.p12").toFile(), password), password);
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(KeyStore.getInstance(keys.resolve("server-trust.p12").toFile(), password));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .directory(keys.toFile())
            .redirectErrorStream(true)
            .redirectOutput(keys.resolve("keytool.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("keytool %s: %s", arguments[0], Files.readString(keys.resolve("keytool.log")))
        .isZero();
  }
}
