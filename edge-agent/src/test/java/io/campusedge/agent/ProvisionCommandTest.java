package io.campusedge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.drivers.api.DriverRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code campusedge-agent provision} against a JDK HTTP(S) server answering like the hub. */
class ProvisionCommandTest {
  private static final String TOKEN = "cen_0123456789abcdef_" + "T".repeat(43);
  private static final String PASSWORD = "mqtt-password-from-hub";
  private static final byte[] SITE_KEY = new byte[32];
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] STORE_PASSWORD = "test-store".toCharArray();

  @TempDir static Path certificates;
  private static Path keystore;
  private static Path caPem;

  @TempDir Path etc;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void makeCertificate() throws Exception {
    for (int i = 0; i < SITE_KEY.length; i++) {
      SITE_KEY[i] = (byte) (i * 7 + 1);
    }
    keystore = certificates.resolve("hub.p12");
    caPem = certificates.resolve("hub-ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "hub",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "san=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        new String(STORE_PASSWORD));
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "hub",
        "-keystore",
        keystore.toString(),
        "-storepass",
        new String(STORE_PASSWORD),
        "-file",
        caPem.toString());
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String serve(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/enroll", exchange -> answer(exchange, status, body));
    server.start();
    return "http://localhost:" + server.getAddress().getPort();
  }

  private String serveTls(String body) throws Exception {
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, STORE_PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
    https.createContext("/api/v1/enroll", exchange -> answer(exchange, 200, body));
    https.start();
    server = https;
    return "https://localhost:" + https.getAddress().getPort();
  }

  private void answer(HttpExchange exchange, int status, String body) throws IOException {
    requests.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getPath()
            + " "
            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String enrolled(String brokerUrl, String caCertificatePem) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("site", "THPT-DEMO").put("room", "A101").put("gatewayId", "gw-a101");
    ObjectNode mqtt = answer.putObject("mqtt");
    mqtt.put("url", brokerUrl).put("username", "gw-a101").put("password", PASSWORD);
    mqtt.putArray("urls").add(brokerUrl);
    answer
        .putObject("siteKey")
        .put("id", "k1")
        .put("keyBase64", Base64.getEncoder().encodeToString(SITE_KEY));
    answer.put("caCertificatePem", caCertificatePem);
    answer.put("hubTime", "2026-03-02T08:00:00Z");
    return answer.toString();
  }

  @Test
  void writesAConfigThatLoadsWithSecretsReadableByTheOwnerOnly() throws Exception {
    String hub = serve(200, enrolled("tcp://hub.school.local:1883", null));
    Path config = etc.resolve("campusedge/agent.yaml");

    Run run = provision("--hub", hub, "--token", TOKEN, "--config", config.toString());

    assertThat(run.exitCode).as(run.err).isEqualTo(ProvisionCommand.OK);
    assertThat(requests).containsExactly("POST /api/v1/enroll {\"token\":\"" + TOKEN + "\"}");
    assertThat(run.out)
        .contains("Enrolled gateway gw-a101 of THPT-DEMO for room A101")
        .contains("mqtt.pass", "site.key", "agent.yaml", "config validate")
        .doesNotContain(PASSWORD, TOKEN);
    assertThat(run.err).isEmpty();
    Path dir = config.getParent();
    assertThat(mode(dir.resolve("mqtt.pass"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("site.key"))).isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("mqtt.pass")).strip()).isEqualTo(PASSWORD);
    assertThat(Files.exists(dir.resolve("broker-ca.pem"))).isFalse();
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("agent.yaml", "mqtt.pass", "site.key");
    }
    String yaml = Files.readString(config);
    assertThat(yaml).doesNotContain(PASSWORD).contains("dataDir: \"/var/lib/campusedge\"");

    AgentConfig loaded = new AgentConfigLoader(DriverRegistry.load()).load(config);
    assertThat(loaded.site()).isEqualTo("THPT-DEMO");
    assertThat(loaded.gatewayId()).isEqualTo("gw-a101");
    assertThat(loaded.broker().url()).isEqualTo("tcp://hub.school.local:1883");
    assertThat(loaded.broker().username()).contains("gw-a101");
    assertThat(loaded.broker().password()).contains(PASSWORD);
    assertThat(loaded.rooms()).extracting(AgentConfig.Room::id).containsExactly("A101");
    assertThat(loaded.devices()).isEmpty();
    assertThat(loaded.siteKey().orElseThrow().id()).isEqualTo("k1");
    byte[] uid = {0x04, 0x12, 0x34, 0x56};
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(SITE_KEY, "HmacSHA256"));
    assertThat(loaded.siteKey().orElseThrow().reference(uid)).isEqualTo(hmac.doFinal(uid));
    assertThat(command("config", "validate", config.toString()).exitCode).isZero();
  }

  @Test
  void overHttpsTrustsTheGivenCaAndWritesTheBrokerCaForAnSslBroker() throws Exception {
    String pem = Files.readString(caPem);
    String hub = serveTls(enrolled("ssl://localhost:8883", pem));
    Path config = etc.resolve("agent.yaml");

    Run untrusted = provision("--hub", hub, "--token", TOKEN, "--config", config.toString());
    assertThat(untrusted.exitCode).isEqualTo(ProvisionCommand.HUB_UNREACHABLE);
    assertThat(untrusted.err).contains("TLS", "--ca-file");
    assertThat(Files.exists(config)).isFalse();

    Run run =
        provision(
            "--hub",
            hub,
            "--token",
            TOKEN,
            "--config",
            config.toString(),
            "--ca-file",
            caPem.toString(),
            "--data-dir",
            "./data");
    assertThat(run.exitCode).as(run.err).isEqualTo(ProvisionCommand.OK);
    assertThat(Files.readString(etc.resolve("broker-ca.pem"))).isEqualTo(pem);
    assertThat(Files.readString(config)).contains("caFile: broker-ca.pem");
    AgentConfig loaded = new AgentConfigLoader(DriverRegistry.load()).load(config);
    assertThat(loaded.broker().url()).isEqualTo("ssl://localhost:8883");
    assertThat(loaded.broker().tls().caFile()).contains(etc.resolve("broker-ca.pem"));
    assertThat(loaded.dataDir()).isEqualTo(etc.resolve("./data"));
  }

  @Test
  void aRefusedTokenExitsWithFourAndTheHubsMessageAndWritesNothing() throws Exception {
    String hub =
        serve(
            410,
            "{\"status\":410,\"error\":\"token_used\",\"message\":\"This enrollment token was"
                + " already used at 2026-03-02T08:00:00Z (tokens work once); ask for a new one\"}");
    Path config = etc.resolve("agent.yaml");

    Run run = provision("--hub", hub, "--token", TOKEN, "--config", config.toString());

    assertThat(run.exitCode).isEqualTo(ProvisionCommand.TOKEN_REFUSED);
    assertThat(run.err).contains("HTTP 410", "already used", "ask for a new one");
    try (var files = Files.list(etc)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void anUnreachableHubExitsWithFive() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Run run =
        provision(
            "--hub",
            "http://127.0.0.1:" + closed,
            "--token",
            TOKEN,
            "--config",
            etc.resolve("agent.yaml").toString());

    assertThat(run.exitCode).isEqualTo(ProvisionCommand.HUB_UNREACHABLE);
    assertThat(run.err).contains("does not answer");
  }

  @Test
  void anExistingConfigIsKeptUnlessForcedAndThenBackedUp() throws Exception {
    String hub = serve(200, enrolled("tcp://hub:1883", null));
    Path config = etc.resolve("agent.yaml");
    Files.writeString(config, "site: OLD\n");

    Run refused = provision("--hub", hub, "--token", TOKEN, "--config", config.toString());
    assertThat(refused.exitCode).isEqualTo(ProvisionCommand.BAD_ARGUMENTS);
    assertThat(refused.err).contains("exists", "--force");
    assertThat(requests).as("the token is not spent").isEmpty();

    Run forced =
        provision("--hub", hub, "--token", TOKEN, "--config", config.toString(), "--force");
    assertThat(forced.exitCode).as(forced.err).isEqualTo(ProvisionCommand.OK);
    assertThat(Files.readString(etc.resolve("agent.yaml.bak"))).isEqualTo("site: OLD\n");
    assertThat(Files.readString(config)).contains("gatewayId: gw-a101");
  }

  @Test
  void plainHttpToAnotherHostNeedsInsecureHttpAndMissingArgumentsAreUsageErrors() {
    Path config = etc.resolve("agent.yaml");
    Run http =
        provision(
            "--hub",
            "http://hub.school.local:8080",
            "--token",
            TOKEN,
            "--config",
            config.toString());
    assertThat(http.exitCode).isEqualTo(ProvisionCommand.BAD_ARGUMENTS);
    assertThat(http.err).contains("--insecure-http");
    assertThat(provision("--hub", "ftp://hub", "--token", TOKEN).exitCode)
        .isEqualTo(ProvisionCommand.BAD_ARGUMENTS);
    assertThat(provision("--token", TOKEN).exitCode).isEqualTo(ProvisionCommand.BAD_ARGUMENTS);
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run provision(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "provision";
    System.arraycopy(args, 0, all, 1, args.length);
    return command(all);
  }

  private static Run command(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new AgentCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }
}
