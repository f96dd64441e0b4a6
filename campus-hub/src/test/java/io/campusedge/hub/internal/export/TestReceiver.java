package io.campusedge.hub.internal.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A school-management platform's webhook endpoint, in-process on an ephemeral port, that misbehaves
 * on cue: each request takes the next scripted behaviour (OK when the script is empty). It verifies
 * signatures and keeps what it accepted once per idempotency key, in arrival order.
 */
final class TestReceiver implements AutoCloseable {
  enum Behaviour {
    OK,
    ERROR_500,
    /** Accepts, then answers after the hub's request timeout. */
    SLOW,
    /** 429 with Retry-After: 120. */
    TOO_MANY_REQUESTS,
    /** Closes the connection without an answer. */
    CLOSE
  }

  /** An accepted CloudEvent: its id, subject and body. */
  record Received(String id, String subject, String body) {}

  private final Clock clock;
  private volatile String secret = "";
  private final Deque<Behaviour> script = new ConcurrentLinkedDeque<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private final List<Received> accepted = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger badSignatures = new AtomicInteger();
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private HttpServer server;
  private int port;

  TestReceiver(Clock clock) throws IOException {
    this.clock = clock;
    start(0);
  }

  void start(int wantedPort) throws IOException {
    server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), 0);
    server.setExecutor(threads);
    server.createContext("/hook", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  /** Down: connections are refused until {@link #up}. */
  void down() {
    server.stop(0);
  }

  void up() throws IOException {
    start(port);
  }

  /** The subscription's secret, known once it is created. */
  void secret(String secret) {
    this.secret = secret;
  }

  String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  void script(Behaviour... behaviours) {
    script.addAll(List.of(behaviours));
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    byte[] body = exchange.getRequestBody().readAllBytes();
    Behaviour behaviour = script.isEmpty() ? Behaviour.OK : script.poll();
    if (behaviour == null) {
      behaviour = Behaviour.OK;
    }
    switch (behaviour) {
      case ERROR_500 -> answer(exchange, 500, null);
      case TOO_MANY_REQUESTS -> answer(exchange, 429, "120");
      case CLOSE -> throw new IllegalStateException("connection dropped on purpose");
      case SLOW, OK -> {
        String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
        if (!WebhookSignature.verify(
            secret, signature, body, clock.instant(), WebhookSignature.DEFAULT_TOLERANCE)) {
          badSignatures.incrementAndGet();
          answer(exchange, 401, null);
          return;
        }
        accept(exchange.getRequestHeaders().getFirst("Idempotency-Key"), body);
        if (behaviour == Behaviour.SLOW) {
          sleep(1500);
        }
        answer(exchange, 204, null);
      }
    }
  }

  private synchronized void accept(String key, byte[] body) {
    if (!seen.add(key)) {
      duplicates.incrementAndGet();
      return;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String subject = text.replaceAll(".*\"subject\":\"([^\"]*)\".*", "$1");
    accepted.add(new Received(key, subject, text));
  }

  private static void answer(HttpExchange exchange, int status, String retryAfter)
      throws IOException {
    if (retryAfter != null) {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized List<Received> accepted() {
    return List.copyOf(accepted);
  }

  int requests() {
    return requests.get();
  }

  int duplicates() {
    return duplicates.get();
  }

  int badSignatures() {
    return badSignatures.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
