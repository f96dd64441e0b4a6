package io.campusedge.agent.internal.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.campusedge.agent.internal.health.HealthReport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's local status page: {@code /} is a page a technician reads on a phone, {@code
 * /status.json} the same for {@code campusedge-agent status} and scripts. Read-only, and nothing in
 * it is secret (no passwords, keys or card UIDs).
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<HealthReport> reports;

  private StatusServer(
      HttpServer server, ExecutorService executor, Supplier<HealthReport> reports) {
    this.server = server;
    this.executor = executor;
    this.reports = reports;
  }

  /**
   * Listens on {@code listen} (port 0: a free port). The agent runs on without the page when the
   * address is taken, so a status page never stops readings from being kept.
   */
  public static Optional<StatusServer> start(
      InetSocketAddress listen, Supplier<HealthReport> reports, String gatewayId) {
    InetSocketAddress address =
        listen.isUnresolved()
            ? new InetSocketAddress(listen.getHostString(), listen.getPort())
            : listen;
    HttpServer server;
    try {
      server = HttpServer.create(address, 8);
    } catch (IOException e) {
      log.warn(
          "Status page cannot listen on {}:{} ({}); the agent runs without it. Change status.listen"
              + " or stop what uses that port.",
          listen.getHostString(),
          listen.getPort(),
          e.getMessage());
      return Optional.empty();
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "campusedge-status-" + gatewayId);
              thread.setDaemon(true);
              return thread;
            });
    StatusServer status = new StatusServer(server, executor, reports);
    server.createContext("/", status::handle);
    server.setExecutor(executor);
    server.start();
    log.info("Status page on http://{}:{}/", listen.getHostString(), status.address().getPort());
    return Optional.of(status);
  }

  /**
   * Made at the first {@code /status.json} request, so Jackson's classes are not loaded into an
   * agent nobody asks (they cost the agent about 6.5 MiB resident).
   */
  private static final class Json {
    static final ObjectWriter WRITER = new ObjectMapper().writerWithDefaultPrettyPrinter();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(exchange, 405, "text/plain", "only GET");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/status.json" ->
            send(exchange, 200, "application/json", Json.WRITER.writeValueAsString(reports.get()));
        case "/", "/index.html" ->
            send(exchange, 200, "text/html; charset=utf-8", StatusPage.html(reports.get()));
        default -> send(exchange, 404, "text/plain", "not found; try / or /status.json");
      }
    } catch (RuntimeException e) {
      log.warn("Status page request failed", e);
    }
  }

  private static void send(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
