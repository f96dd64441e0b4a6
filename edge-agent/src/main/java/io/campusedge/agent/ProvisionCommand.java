package io.campusedge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.protos.v1.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code provision}: exchanges a one-time enrollment token at the hub for this gateway's id, MQTT
 * credentials, room, site key and broker CA, and writes agent.yaml with its secret files beside it.
 */
@Command(
    name = "provision",
    description = {
      "Enroll this gateway at the hub with a one-time token and write its configuration.",
      "Exit code: 0 written, 2 bad arguments (or agent.yaml exists without --force),"
          + " 4 the hub refused the token, 5 the hub is unreachable or its TLS is not trusted."
    })
final class ProvisionCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int BAD_ARGUMENTS = 2;
  static final int TOKEN_REFUSED = 4;
  static final int HUB_UNREACHABLE = 5;
  static final String PASSWORD_FILE = "mqtt.pass";
  static final String SITE_KEY_FILE = "site.key";
  static final String BROKER_CA_FILE = "broker-ca.pem";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  @Option(
      names = "--hub",
      required = true,
      description = "The hub's address, e.g. https://hub.school.local:8443")
  String hub;

  @Option(names = "--token", required = true, description = "The one-time enrollment token.")
  String token;

  @Option(
      names = "--config",
      defaultValue = "/etc/campusedge/agent.yaml",
      description = "Where to write the configuration (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--data-dir",
      defaultValue = "/var/lib/campusedge",
      description = "dataDir written into agent.yaml (default: ${DEFAULT-VALUE}).")
  String dataDir;

  @Option(
      names = "--ca-file",
      description = "PEM certificate(s) to trust for the hub's HTTPS (e.g. the school's own CA).")
  Path caFile;

  @Option(
      names = "--insecure-http",
      description =
          "Allow plain http:// to a hub other than localhost (labs only: the token and"
              + " credentials cross the network in clear).")
  boolean insecureHttp;

  @Option(names = "--force", description = "Replace an existing agent.yaml (kept as .bak).")
  boolean force;

  @Option(
      names = "--owner",
      description =
          "When run as root: give the written files to this user (the agent's service"
              + " user, e.g. campusedge).")
  String owner;

  @Spec CommandLine.Model.CommandSpec spec;

  private final ObjectMapper mapper = new ObjectMapper();

  /** What the hub answered, checked. */
  record Enrolled(
      String site,
      String room,
      String gatewayId,
      String brokerUrl,
      String username,
      String password,
      String siteKeyId,
      String siteKeyBase64,
      Optional<String> caPem) {
    @Override
    public String toString() {
      return "Enrolled[gatewayId=" + gatewayId + ", secrets=***]";
    }
  }

  /** A refusal or failure with its exit code and the message for the technician. */
  static final class Failure extends Exception {
    final int exitCode;

    Failure(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      URI enroll = enrollUri();
      Path target = config.toAbsolutePath().normalize();
      if (Files.exists(target) && !force) {
        throw new Failure(
            BAD_ARGUMENTS,
            target + " exists; give --force to replace it (the old one is kept as agent.yaml.bak)");
      }
      HttpClient client = client();
      Enrolled enrolled = parse(exchange(client, enroll));
      List<Path> written = write(target, enrolled);
      out.printf(
          "Enrolled gateway %s of %s for room %s at %s.%n",
          enrolled.gatewayId(), enrolled.site(), enrolled.room(), hub);
      written.forEach(path -> out.printf("  wrote %s%n", path));
      selfCheck(target, err);
      out.printf(
          "Next: add this gateway's devices under 'devices:' in %s (examples in"
              + " docs/config/), check it with 'campusedge-agent config validate %s', then start"
              + " the agent: sudo systemctl restart campusedge-agent%n",
          target, target);
      return OK;
    } catch (Failure e) {
      err.println("campusedge-agent provision: " + e.getMessage());
      return e.exitCode;
    }
  }

  private URI enrollUri() throws Failure {
    URI uri;
    try {
      uri = URI.create(hub.strip().replaceAll("/+$", "") + "/api/v1/enroll");
    } catch (IllegalArgumentException e) {
      throw new Failure(BAD_ARGUMENTS, "--hub '" + hub + "' is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new Failure(
          BAD_ARGUMENTS, "--hub '" + hub + "' must be https://host:port (e.g. https://hub:8443)");
    }
    if (scheme.equals("http") && !insecureHttp && !isLocalhost(uri.getHost())) {
      throw new Failure(
          BAD_ARGUMENTS,
          "--hub '"
              + hub
              + "' is plain http: the token and the gateway's password would cross the network"
              + " in clear. Use https://, or --insecure-http on a lab network only");
    }
    if (caFile != null && !Files.isReadable(caFile)) {
      throw new Failure(BAD_ARGUMENTS, "--ca-file '" + caFile + "' cannot be read");
    }
    return uri;
  }

  private static boolean isLocalhost(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  private HttpClient client() throws Failure {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (caFile != null) {
      builder.sslContext(trusting(caFile));
    }
    return builder.build();
  }

  private static SSLContext trusting(Path pem) throws Failure {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new Failure(BAD_ARGUMENTS, "--ca-file '" + pem + "' holds no PEM certificate");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new Failure(BAD_ARGUMENTS, "--ca-file '" + pem + "' cannot be used: " + e);
    }
  }

  private String exchange(HttpClient client, URI enroll) throws Failure {
    String body = mapper.createObjectNode().put("token", token.strip()).toString();
    HttpRequest request =
        HttpRequest.newBuilder(enroll)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (SSLException e) {
      throw new Failure(
          HUB_UNREACHABLE,
          "TLS with "
              + hub
              + " failed ("
              + e.getMessage()
              + "). If the hub uses the school's own certificate, pass it with --ca-file");
    } catch (ConnectException | HttpTimeoutException e) {
      throw new Failure(
          HUB_UNREACHABLE,
          "the hub at "
              + hub
              + " does not answer ("
              + describe(e)
              + "); check the address,"
              + " the network and that the hub is running");
    } catch (IOException e) {
      throw new Failure(
          HUB_UNREACHABLE, "talking to the hub at " + hub + " failed: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(HUB_UNREACHABLE, "interrupted while waiting for the hub");
    }
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    String message = hubMessage(response.body()).orElse("HTTP " + status);
    if (status >= 500) {
      throw new Failure(HUB_UNREACHABLE, "the hub failed (HTTP " + status + "): " + message);
    }
    if (status == 404) {
      throw new Failure(
          HUB_UNREACHABLE, enroll + " does not exist (HTTP 404): is --hub the CampusEdge hub?");
    }
    throw new Failure(TOKEN_REFUSED, "the hub refused the token (HTTP " + status + "): " + message);
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private Optional<String> hubMessage(String body) {
    try {
      JsonNode json = mapper.readTree(body);
      return json.hasNonNull("message")
          ? Optional.of(json.get("message").asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Enrolled parse(String body) throws Failure {
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (IOException e) {
      throw new Failure(HUB_UNREACHABLE, "the hub's answer is not JSON: " + e.getMessage());
    }
    JsonNode mqtt = json.path("mqtt");
    JsonNode siteKey = json.path("siteKey");
    String url = text(mqtt, "url");
    if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
      throw new Failure(HUB_UNREACHABLE, "the hub's answer has no broker URL (mqtt.url)");
    }
    String keyBase64 = text(siteKey, "keyBase64");
    try {
      if (Base64.getDecoder().decode(keyBase64).length < 16) {
        throw new Failure(HUB_UNREACHABLE, "the hub's site key is shorter than 16 bytes");
      }
    } catch (IllegalArgumentException e) {
      throw new Failure(HUB_UNREACHABLE, "the hub's site key is not base64");
    }
    String ca =
        json.path("caCertificatePem").isTextual() ? json.get("caCertificatePem").asText() : "";
    return new Enrolled(
        segment(json, "site"),
        segment(json, "room"),
        segment(json, "gatewayId"),
        url,
        text(mqtt, "username"),
        text(mqtt, "password"),
        segment(siteKey, "id"),
        keyBase64,
        ca.isBlank() ? Optional.empty() : Optional.of(ca));
  }

  private static String text(JsonNode node, String field) throws Failure {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new Failure(HUB_UNREACHABLE, "the hub's answer has no " + field);
    }
    return value.asText();
  }

  private static String segment(JsonNode node, String field) throws Failure {
    String value = text(node, field);
    if (!Topics.isSegment(value)) {
      throw new Failure(HUB_UNREACHABLE, "the hub's answer has an invalid " + field);
    }
    return value;
  }

  // Secrets first, agent.yaml last: a config file never points at files not written yet.
  private List<Path> write(Path target, Enrolled enrolled) throws Failure {
    Path dir = target.getParent();
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      written.add(writeAtomically(dir.resolve(PASSWORD_FILE), enrolled.password() + "\n", true));
      written.add(
          writeAtomically(dir.resolve(SITE_KEY_FILE), enrolled.siteKeyBase64() + "\n", true));
      boolean tls = enrolled.brokerUrl().startsWith("ssl://") && enrolled.caPem().isPresent();
      if (tls) {
        written.add(writeAtomically(dir.resolve(BROKER_CA_FILE), enrolled.caPem().get(), false));
      }
      if (Files.exists(target)) {
        Path backup = target.resolveSibling(target.getFileName() + ".bak");
        Files.copy(
            target,
            backup,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.COPY_ATTRIBUTES);
        written.add(backup);
      }
      written.add(writeAtomically(target, yaml(enrolled, tls), false));
      return written;
    } catch (IOException e) {
      throw new Failure(
          BAD_ARGUMENTS,
          "cannot write to "
              + dir
              + " ("
              + describe(e)
              + "); run as root (with --owner for the service user) or choose --config");
    }
  }

  /**
   * Temp file in the same directory, created with its final permissions, synced, then renamed over
   * the target: readers see the old file or the new one, and a secret is never world-readable.
   */
  private Path writeAtomically(Path target, String content, boolean secret) throws IOException {
    Path dir = target.getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(secret ? OWNER_ONLY : WORLD_READABLE)
            }
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(StandardCharsets.UTF_8.encode(content));
        channel.force(true);
      }
      if (posix) {
        // createTempFile's attribute is filtered by the umask; set the exact mode explicitly.
        Files.setPosixFilePermissions(temp, secret ? OWNER_ONLY : WORLD_READABLE);
      }
      if (owner != null) {
        UserPrincipal user =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner);
        Files.setOwner(temp, user);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  private String yaml(Enrolled e, boolean tls) {
    StringBuilder y = new StringBuilder();
    y.append("# Written by 'campusedge-agent provision' from the hub ").append(hub).append('\n');
    y.append("site: ").append(e.site()).append('\n');
    y.append("gatewayId: ").append(e.gatewayId()).append('\n');
    y.append("dataDir: ").append(quoted(dataDir)).append('\n');
    y.append('\n');
    y.append("broker:\n");
    y.append("  url: ").append(quoted(e.brokerUrl())).append('\n');
    y.append("  username: ").append(quoted(e.username())).append('\n');
    y.append("  passwordFile: ").append(PASSWORD_FILE).append('\n');
    if (tls) {
      y.append("  caFile: ").append(BROKER_CA_FILE).append('\n');
    }
    y.append('\n');
    y.append("rooms:\n");
    y.append("  - id: ").append(e.room()).append('\n');
    y.append("    name: ").append(e.room()).append('\n');
    y.append('\n');
    y.append("# Add this gateway's devices here, e.g.\n");
    y.append("#  - id: ").append(e.room().toLowerCase(Locale.ROOT)).append("-climate\n");
    y.append("#    type: bme280\n");
    y.append("#    room: ").append(e.room()).append('\n');
    y.append("#    pollInterval: 10s\n");
    y.append("#    params: {bus: 1, address: 0x76}\n");
    y.append("devices: []\n");
    y.append('\n');
    y.append("siteKey:\n");
    y.append("  id: ").append(e.siteKeyId()).append('\n');
    y.append("  file: ").append(SITE_KEY_FILE).append('\n');
    return y.toString();
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private void selfCheck(Path target, PrintWriter err) {
    try {
      new AgentConfigLoader(DriverRegistry.load()).load(target);
    } catch (ConfigException e) {
      err.println("warning: the written configuration does not validate:");
      e.problems().forEach(problem -> err.println("  " + problem));
    }
  }
}
