package io.campusedge.simulators.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.simulators.fleet.LatencyRecorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish→SSE latency as a dashboard sees it: reads the hub's {@code /api/v1/events} stream like a
 * browser tab and, for every {@code reading} event, records its arrival minus the reading's own
 * time. The fleet stamps each reading with the moment it publishes the batch, in this JVM, so the
 * difference is broker + ingestion + commit + live fan-out + HTTP, on one clock.
 */
final class LiveLatencyProbe implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final long WINDOW_MS = 5_000;
  private static final int WINDOWS = 120;

  private final LatencyRecorder latencies = new LatencyRecorder(2_000_000);
  // By 5 s window of publish time since start(): readings and their summed latency; reader only.
  private final long[] windowCount = new long[WINDOWS];
  private final long[] windowSumMs = new long[WINDOWS];
  private volatile long startMs;
  private final LongAdder malformed = new LongAdder();
  private final AtomicBoolean recording = new AtomicBoolean();
  private final Thread reader;
  private volatile InputStream body;
  private volatile boolean closed;

  private LiveLatencyProbe(InputStream body) {
    this.body = body;
    this.reader = new Thread(this::read, "bench-sse-probe");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Opens the stream of {@code site} with an API bearer token; fails unless the hub answers 200.
   */
  static LiveLatencyProbe open(URI hub, String bearer, String site)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(hub.resolve("/api/v1/events?site=" + site))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("GET /api/v1/events answered " + response.statusCode());
    }
    return new LiveLatencyProbe(response.body());
  }

  /** Starts counting from now (events before are dropped). */
  void start() {
    latencies.clear();
    Arrays.fill(windowCount, 0);
    Arrays.fill(windowSumMs, 0);
    startMs = System.currentTimeMillis();
    recording.set(true);
  }

  /**
   * Mean latency (ms) of the readings published in each 5 s of the stage, in order: a backlog that
   * drains shows falling means, one that stands shows flat ones.
   */
  List<Long> meanMillisBy5Seconds() {
    List<Long> means = new ArrayList<>();
    int last = WINDOWS - 1;
    while (last >= 0 && windowCount[last] == 0) {
      last--;
    }
    for (int i = 0; i <= last; i++) {
      means.add(windowCount[i] == 0 ? -1 : windowSumMs[i] / windowCount[i]);
    }
    return means;
  }

  void stop() {
    recording.set(false);
  }

  int samples() {
    return latencies.count();
  }

  double percentileMillis(double p) {
    return latencies.percentileMillis(p);
  }

  /** Reading events whose data could not be read (no time field, not JSON). */
  long malformed() {
    return malformed.sum();
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String event = "";
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:") && event.equals("reading")) {
          long arrivedMs = System.currentTimeMillis();
          if (recording.get()) {
            record(line.substring(5).strip(), arrivedMs);
          }
        } else if (line.isEmpty()) {
          event = "";
        }
      }
    } catch (IOException e) {
      if (!closed) {
        System.err.println("bench SSE probe: stream ended: " + e.getMessage());
      }
    }
  }

  private void record(String data, long arrivedMs) {
    try {
      JsonNode reading = JSON.readTree(data);
      long publishedMs = Instant.parse(reading.get("time").asText()).toEpochMilli();
      long latencyMs = Math.max(0, arrivedMs - publishedMs);
      latencies.add(latencyMs * 1000);
      long window = (publishedMs - startMs) / WINDOW_MS;
      if (window >= 0 && window < WINDOWS) {
        windowCount[(int) window]++;
        windowSumMs[(int) window] += latencyMs;
      }
    } catch (IOException | RuntimeException e) {
      malformed.increment();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      body.close();
    } catch (IOException e) {
      System.err.println("bench SSE probe: closing the stream: " + e.getMessage());
    }
  }
}
