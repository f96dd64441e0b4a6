package io.campusedge.agent.internal.doctor;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.uplink.TlsContexts;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * An MQTT v5 CONNECT with the gateway's own credentials and TLS files, then DISCONNECT: nothing is
 * published and no will is set. The client id is {@code <gateway>-doctor}, so a running agent keeps
 * its session (the hub authenticates by user name and password, not by client id).
 */
final class BrokerProbe {
  static final String CHECK = "broker";
  // MQTT 5.0 CONNACK reason codes (spec section 3.2.2.2).
  private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
  private static final int NOT_AUTHORIZED = 0x87;
  private static final int CLIENT_ID_NOT_VALID = 0x85;
  private static final int SERVER_UNAVAILABLE = 0x88;
  private static final int BANNED = 0x8A;
  // Paho MqttClientException.REASON_CODE_CLIENT_TIMEOUT.
  private static final int CLIENT_TIMEOUT = 32000;

  private final Clock clock;
  private final Duration timeout;

  BrokerProbe(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  Check probe(AgentConfig config) {
    AgentConfig.Broker broker = config.broker();
    String url = broker.url();
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
    broker.username().ifPresent(options::setUserName);
    broker.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    try {
      if (broker.usesTls()) {
        options.setSocketFactory(TlsContexts.build(broker.tls()).getSocketFactory());
      }
    } catch (Exception e) {
      return Check.fail(
          CHECK,
          "the TLS files of " + url + " cannot be used: " + e.getMessage(),
          "check broker.caFile (and client certificate files) in agent.yaml");
    }
    MqttClient client;
    try {
      client = new MqttClient(url, config.gatewayId() + "-doctor", new MemoryPersistence());
      client.setTimeToWait(timeout.toMillis());
    } catch (MqttException | IllegalArgumentException e) {
      return Check.fail(CHECK, "bad broker URL " + url + ": " + e.getMessage(), "fix broker.url");
    }
    try {
      client.connect(options);
      client.disconnect();
      return Check.ok(
          CHECK, "connected to " + url + " as " + broker.username().orElse("(anonymous)"));
    } catch (MqttException e) {
      return explain(config, e);
    } finally {
      try {
        client.close(true);
      } catch (MqttException e) {
        // Closing after a probe cannot change the verdict.
      }
    }
  }

  private Check explain(AgentConfig config, MqttException e) {
    String url = config.broker().url();
    int code = e.getReasonCode();
    if (code == BAD_USER_NAME_OR_PASSWORD || code == NOT_AUTHORIZED || code == BANNED) {
      return Check.fail(
          CHECK,
          url
              + " refused user '"
              + config.broker().username().orElse("")
              + "': "
              + reasonName(code),
          "the gateway id or password is wrong, or this gateway was enrolled again elsewhere:"
              + " provision again with a new token, or ask the hub administrator");
    }
    if (code == CLIENT_ID_NOT_VALID || code == SERVER_UNAVAILABLE) {
      return Check.fail(
          CHECK, url + " refused the connection: " + reasonName(code), "ask the hub administrator");
    }
    Throwable cause = rootOf(e, UnknownHostException.class);
    if (cause != null) {
      return Check.fail(
          CHECK,
          "the broker's name " + host(url) + " cannot be found (DNS)",
          "check broker.url for typing errors and the gateway's network/DNS settings"
              + " (cat /etc/resolv.conf)");
    }
    if (rootOf(e, ConnectException.class) != null) {
      return Check.fail(
          CHECK,
          url + ": connection refused",
          "the hub is not running or listens on another port; check broker.url and that the hub"
              + " is up");
    }
    if (rootOf(e, SocketTimeoutException.class) != null
        || rootOf(e, NoRouteToHostException.class) != null
        || code == CLIENT_TIMEOUT) {
      return Check.fail(
          CHECK,
          url + ": no answer within " + timeout.toSeconds() + " s",
          "check the network cable/Wi-Fi and that a firewall lets the port through");
    }
    if (rootOf(e, SSLException.class) != null) {
      return tlsProblem(config, e);
    }
    return Check.fail(
        CHECK,
        url + ": " + describe(e),
        "check broker.url and the network; readings are kept in the outbox meanwhile");
  }

  private Check tlsProblem(AgentConfig config, MqttException e) {
    String url = config.broker().url();
    Optional<X509Certificate> cert = serverCertificate(url);
    String about =
        cert.map(
                c ->
                    " (certificate "
                        + c.getSubjectX500Principal().getName()
                        + ", valid until "
                        + c.getNotAfter().toInstant()
                        + ")")
            .orElse("");
    boolean expired =
        rootOf(e, CertificateExpiredException.class) != null
            || cert.map(c -> c.getNotAfter().toInstant().isBefore(Instant.now(clock)))
                .orElse(false);
    if (expired) {
      return Check.fail(
          CHECK,
          url + ": the broker's TLS certificate has expired" + about,
          "ask the hub administrator to renew the broker certificate; if the date is wrong,"
              + " check the gateway clock");
    }
    boolean untrusted =
        String.valueOf(describe(e)).contains("PKIX")
            || String.valueOf(describe(e)).contains("certification path");
    if (untrusted) {
      return Check.fail(
          CHECK,
          url + ": the broker's TLS certificate is not trusted" + about,
          "put the school's broker CA (broker-ca.pem from provision) in broker.caFile");
    }
    return Check.fail(
        CHECK,
        url + ": TLS handshake failed: " + describe(e) + about,
        "check broker.caFile and the client certificate files, and that the URL's port speaks TLS");
  }

  /** The broker's certificate, fetched without trusting it, to say why it is refused. */
  private Optional<X509Certificate> serverCertificate(String url) {
    X509Certificate[] seen = new X509Certificate[1];
    TrustManager capture =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen[0] = chain.length > 0 ? chain[0] : null;
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      URI uri = URI.create(url.replaceFirst("^ssl://", "tls://"));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {capture}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
        int port = uri.getPort() < 0 ? 8883 : uri.getPort();
        socket.connect(
            new java.net.InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        socket.startHandshake();
      }
    } catch (Exception e) {
      // Whatever was seen before the failure is still worth reporting.
    }
    return Optional.ofNullable(seen[0]);
  }

  private static String reasonName(int code) {
    return switch (code) {
      case BAD_USER_NAME_OR_PASSWORD -> "bad user name or password (CONNACK 0x86)";
      case NOT_AUTHORIZED -> "not authorized (CONNACK 0x87)";
      case BANNED -> "banned (CONNACK 0x8A)";
      case CLIENT_ID_NOT_VALID -> "client id not valid (CONNACK 0x85)";
      case SERVER_UNAVAILABLE -> "server unavailable (CONNACK 0x88)";
      default -> "CONNACK reason " + code;
    };
  }

  private static String host(String url) {
    try {
      return URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  private static String describe(Throwable e) {
    Throwable deepest = e;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    return deepest.getMessage() == null ? deepest.toString() : deepest.getMessage();
  }

  private static Throwable rootOf(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
