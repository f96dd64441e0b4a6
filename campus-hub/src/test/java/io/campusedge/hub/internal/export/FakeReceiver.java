package io.campusedge.hub.internal.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The common part of an in-process Ed-Fi ODS/API or sector database stand-in on an ephemeral port:
 * an OAuth2 token endpoint (client credentials with HTTP Basic; refuses on cue; tokens expire by
 * the test clock and can be revoked) and a script of misbehaviours for the resource requests.
 */
abstract class FakeReceiver implements AutoCloseable {
  enum Behaviour {
    OK,
    ERROR_500,
    /** 429 with Retry-After: 60. */
    TOO_MANY_REQUESTS,
    /** Answers after the hub's request timeout (the work is done, the answer comes too late). */
    SLOW,
    /** 401 as if the token had been revoked. */
    TOKEN_REVOKED,
    /** Closes the connection without an answer. */
    CLOSE
  }

  static final String CLIENT_ID = "campusedge-thpt-t";
  static final String CLIENT_SECRET = "s3cr3t:with/odd=chars";

  protected final JsonMapper json = JsonMapper.createDefault();
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Deque<Integer> tokenScript = new ConcurrentLinkedDeque<>();
  private final Deque<Behaviour> script = new ConcurrentLinkedDeque<>();
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final AtomicInteger unauthorised = new AtomicInteger();
  private final Set<String> wrongCredentials = ConcurrentHashMap.newKeySet();

  private final boolean tls;
  private final Set<String> clientCertificates = ConcurrentHashMap.newKeySet();

  FakeReceiver(Clock clock) throws IOException {
    this(clock, null);
  }

  /** {@code tls} present: HTTPS that requires a client certificate its trust manager accepts. */
  FakeReceiver(Clock clock, SSLContext tls) throws IOException {
    this.clock = clock;
    this.tls = tls != null;
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(
          new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
              SSLParameters ssl = tls.getDefaultSSLParameters();
              ssl.setNeedClientAuth(true);
              parameters.setSSLParameters(ssl);
            }
          });
      server = https;
    }
    server.setExecutor(threads);
    server.createContext("/oauth/token", this::token);
    server.createContext("/", this::resource);
    server.start();
  }

  String base() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Subjects of the client certificates seen on HTTPS requests. */
  Set<String> clientCertificates() {
    return clientCertificates;
  }

  String tokenUrl() {
    return base() + "/oauth/token";
  }

  /** The next token requests answer these statuses (then 200). */
  void refuseTokens(Integer... statuses) {
    tokenScript.addAll(java.util.List.of(statuses));
  }

  void script(Behaviour... behaviours) {
    script.addAll(java.util.List.of(behaviours));
  }

  int tokensIssued() {
    return tokensIssued.get();
  }

  int unauthorised() {
    return unauthorised.get();
  }

  Set<String> wrongCredentials() {
    return wrongCredentials;
  }

  private void token(HttpExchange exchange) throws IOException {
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (CLIENT_ID
                            + ":"
                            + java.net.URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    Integer refused = tokenScript.poll();
    if (refused != null) {
      answer(exchange, refused, "{\"error\":\"temporarily_unavailable\"}", null);
      return;
    }
    if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
        || !"grant_type=client_credentials".equals(form)) {
      wrongCredentials.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      answer(exchange, 401, "{\"error\":\"invalid_client\"}", null);
      return;
    }
    String token = UUID.randomUUID().toString();
    tokens.put(token, clock.instant().plusSeconds(1800));
    tokensIssued.incrementAndGet();
    answer(
        exchange,
        200,
        "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":1800}",
        null);
  }

  private void resource(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (exchange instanceof HttpsExchange https) {
      for (Certificate certificate : https.getSSLSession().getPeerCertificates()) {
        if (certificate instanceof X509Certificate x509) {
          clientCertificates.add(x509.getSubjectX500Principal().getName());
        }
      }
    }
    if (oauth() && !authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
      unauthorised.incrementAndGet();
      answer(exchange, 401, "{\"message\":\"Authorization denied\"}", null);
      return;
    }
    Behaviour behaviour = script.poll();
    switch (behaviour == null ? Behaviour.OK : behaviour) {
      case ERROR_500 -> answer(exchange, 500, "{\"message\":\"boom\"}", null);
      case CLOSE -> throw new IllegalStateException("connection dropped on purpose");
      case TOO_MANY_REQUESTS -> answer(exchange, 429, "", "60");
      case TOKEN_REVOKED -> {
        tokens.clear();
        unauthorised.incrementAndGet();
        answer(exchange, 401, "{\"message\":\"token revoked\"}", null);
      }
      case SLOW -> {
        Answer answer = handle(exchange, body);
        sleep(1500);
        answer(exchange, answer.status(), answer.body(), null);
      }
      case OK -> {
        Answer answer = handle(exchange, body);
        answer(exchange, answer.status(), answer.body(), null);
      }
    }
  }

  /** A resource request's answer. */
  record Answer(int status, String body) {}

  /** Whether resource requests need a bearer token. */
  protected boolean oauth() {
    return true;
  }

  protected abstract Answer handle(HttpExchange exchange, byte[] body) throws IOException;

  private boolean authorised(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    Instant expires = tokens.get(header.substring("Bearer ".length()));
    return expires != null && clock.instant().isBefore(expires);
  }

  private static void answer(HttpExchange exchange, int status, String body, String retryAfter)
      throws IOException {
    if (retryAfter != null) {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
