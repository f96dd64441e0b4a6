package io.campusedge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: asks the running agent's status page how the gateway is doing. */
@Command(
    name = "status",
    description = {
      "Show how the running agent is doing (hub connection, outbox, devices, clock).",
      "Exit code: 0 healthy, 1 needs attention, 3 the agent is not running or not reachable."
    })
final class StatusCommand implements Callable<Integer> {
  static final int HEALTHY = 0;
  static final int DEGRADED = 1;
  static final int NOT_RUNNING = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8181",
      description = "The agent's status page, as in status.listen (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--json", description = "Print the status JSON as the agent gives it.")
  boolean json;

  @Spec CommandLine.Model.CommandSpec spec;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String body;
    JsonNode status;
    try {
      body = fetch(URI.create(url.replaceAll("/+$", "") + "/status.json"));
      status = mapper.readTree(body);
    } catch (IOException | IllegalArgumentException e) {
      err.printf(
          "The agent does not answer at %s (%s). Is it running? (systemctl status"
              + " campusedge-agent) Is status.listen in agent.yaml this address?%n",
          url, e.getMessage() == null ? e.toString() : e.getMessage());
      return NOT_RUNNING;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NOT_RUNNING;
    }
    if (!status.has("healthy")) {
      err.printf("%s answered, but not with an agent status%n", url);
      return NOT_RUNNING;
    }
    if (json) {
      out.println(body.strip());
    } else {
      print(out, status);
    }
    return status.path("healthy").asBoolean() ? HEALTHY : DEGRADED;
  }

  private static String fetch(URI uri) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    return response.body();
  }

  private static void print(PrintWriter out, JsonNode s) {
    out.printf(
        "Gateway %s of %s: %s%n",
        s.path("gatewayId").asText(),
        s.path("site").asText(),
        s.path("healthy").asBoolean() ? "OK" : "NEEDS ATTENTION");
    for (JsonNode problem : s.path("problems")) {
      out.printf("  ! %s%n", problem.asText());
    }
    JsonNode c = s.path("connection");
    out.printf(
        "Hub:     %s %s, %d reconnects, %d records sent, %.2f records/s%n",
        c.path("connected").asBoolean() ? "connected to" : "NOT connected to",
        c.path("broker").asText(),
        c.path("reconnects").asLong(),
        c.path("recordsPublished").asLong(),
        c.path("publishRatePerSecond").asDouble());
    JsonNode o = s.path("outbox");
    out.printf(
        "Outbox:  %d records waiting (%d bytes)%s%n",
        o.path("pendingRecords").asLong(),
        o.path("pendingBytes").asLong(),
        o.path("diskFull").asBoolean() ? ", DISK FULL" : "");
    for (JsonNode lane : o.path("lanes")) {
      out.printf(
          "  %-10s %6d waiting, oldest %5d s, evicted %d, dropped (disk full) %d, in memory %d%n",
          lane.path("lane").asText(),
          lane.path("pendingRecords").asLong(),
          lane.path("oldestPendingAgeMs").asLong() / 1000,
          lane.path("evicted").asLong(),
          lane.path("droppedDiskFull").asLong(),
          lane.path("heldInMemory").asLong());
    }
    for (JsonNode d : s.path("devices")) {
      out.printf(
          "Device:  %-20s %-18s %s, %d errors%s%n",
          d.path("id").asText(),
          d.path("type").asText(),
          d.path("reachable").asBoolean() ? "reachable" : "NOT reachable",
          d.path("errors").asLong() + d.path("badReadings").asLong(),
          d.path("lastError").asText().isEmpty()
              ? ""
              : " (last: " + d.path("lastError").asText() + ")");
    }
    JsonNode clock = s.path("clock");
    out.printf(
        "Clock:   %s%n",
        clock.path("synced").asBoolean()
            ? "synchronised (" + clock.path("source").asText() + ")"
            : "NOT synchronised: readings are marked unsynced");
  }
}
