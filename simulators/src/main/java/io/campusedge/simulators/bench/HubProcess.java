package io.campusedge.simulators.bench;

import io.campusedge.hub.api.HubProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub in its own JVM, started as a school server starts it ({@code java OPTIONS -jar
 * campusedge-hub.jar}), so a heap limit such as {@code -Xmx512m} is the hub's alone and not shared
 * with the simulated fleet. {@code -XX:+ExitOnOutOfMemoryError} turns an out-of-memory error into
 * the end of the process, which the bench reports; the GC log gives the heap figures.
 */
final class HubProcess implements BenchHub {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  // Unified GC log: "Pause Young (Normal) (G1 Evacuation Pause) 120M->45M(512M) 3.2ms".
  private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final String ADMIN_PASSWORD_ENV = "CAMPUSEDGE_ADMIN_PASSWORD";

  private final Process process;
  private final URI httpUrl;
  private final int brokerPort;
  private final String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private final Path log;
  private final Path gcLog;

  private HubProcess(
      Process process,
      URI httpUrl,
      int brokerPort,
      Map<String, Object> properties,
      Path log,
      Path gcLog) {
    this.process = process;
    this.httpUrl = httpUrl;
    this.brokerPort = brokerPort;
    this.jdbcUrl = String.valueOf(properties.get(HubProperties.DATASOURCE_URL));
    this.jdbcUser =
        String.valueOf(properties.getOrDefault(HubProperties.DATASOURCE_USERNAME, "sa"));
    this.jdbcPassword =
        String.valueOf(properties.getOrDefault(HubProperties.DATASOURCE_PASSWORD, ""));
    this.log = log;
    this.gcLog = gcLog;
  }

  /**
   * Starts {@code jar} with {@code jvmOptions} and the hub {@code properties} (the administrator's
   * password goes in the environment, not on the command line) and waits for {@code /health}.
   */
  static HubProcess start(Path jar, String jvmOptions, Map<String, Object> properties, Path dir)
      throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "no hub jar at " + jar + "; build it: ./mvnw -pl campus-hub -am package -DskipTests");
    }
    Files.createDirectories(dir);
    Map<String, Object> all = new HashMap<>(properties);
    int httpPort = HubBench.freePort();
    all.put(HubProperties.HTTP_PORT, httpPort);
    // The bench counts stored records while the hub runs: H2 then serves the file to a second
    // process (AUTO_SERVER) instead of locking it.
    all.putIfAbsent(
        HubProperties.DATASOURCE_URL,
        "jdbc:h2:file:"
            + Path.of(String.valueOf(all.get(HubProperties.DATA_DIR))).toAbsolutePath()
            + "/hub;AUTO_SERVER=TRUE");
    Object adminPassword = all.remove(HubProperties.ADMIN_PASSWORD);
    Path log = dir.resolve("hub.log");
    Path gcLog = dir.resolve("hub-gc.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions.trim().split("\\s+")));
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Xlog:gc,gc+init:file=" + gcLog);
    all.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (adminPassword != null) {
      builder.environment().put(ADMIN_PASSWORD_ENV, adminPassword.toString());
    }
    System.out.printf("  starting the hub: java %s -jar %s (log: %s)%n", jvmOptions, jar, log);
    Process process = builder.start();
    URI url = URI.create("http://127.0.0.1:" + httpPort);
    HubProcess hub =
        new HubProcess(
            process,
            url,
            ((Number) all.get(HubProperties.BROKER_PORT)).intValue(),
            all,
            log,
            gcLog);
    try {
      hub.awaitHealthy();
    } catch (Exception e) {
      hub.close();
      throw e;
    }
    return hub;
  }

  private void awaitHealthy() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(httpUrl.resolve("/health")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the hub process exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException("the hub did not answer /health in " + START_TIMEOUT);
  }

  @Override
  public URI httpUrl() {
    return httpUrl;
  }

  @Override
  public String brokerUrl() {
    return "tcp://127.0.0.1:" + brokerPort;
  }

  @Override
  public long countRecords() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM stored_record")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** "running", or how the process ended (an out-of-memory error ends it). */
  @Override
  public Optional<String> processState() {
    if (process.isAlive()) {
      return Optional.of("running");
    }
    return Optional.of("exited with " + process.exitValue() + " (see " + log + ")");
  }

  @Override
  public StageSampler sampler() {
    return new Sampler();
  }

  /** CPU and RSS from /proc every 500 ms; the heap from the GC log at the end. */
  private final class Sampler implements StageSampler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MachineCpu machine = new MachineCpu();
    private final long startTicks = cpuTicks();
    private final long startNanos = System.nanoTime();
    private final long gcLinesBefore = gcLines().size();
    private volatile long maxRssKib;
    private volatile int maxThreads;

    Sampler() {
      timer.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void sample() {
      Map<String, Long> status = status();
      maxRssKib = Math.max(maxRssKib, status.getOrDefault("VmRSS", 0L));
      maxThreads = (int) Math.max(maxThreads, status.getOrDefault("Threads", 0L));
    }

    @Override
    public ResourceSampler.Figures figures() {
      sample();
      double wall = (System.nanoTime() - startNanos) / 1e9;
      // /proc/PID/stat counts in clock ticks: USER_HZ, 100 on Linux.
      double cpu = (cpuTicks() - startTicks) / 100.0;
      long usedMib = 0;
      long committedMib = 0;
      List<String> lines = gcLines();
      for (String line : lines.subList((int) Math.min(gcLinesBefore, lines.size()), lines.size())) {
        Matcher m = GC_HEAP.matcher(line);
        if (m.find()) {
          usedMib = Math.max(usedMib, Long.parseLong(m.group(1)));
          committedMib = Math.max(committedMib, Long.parseLong(m.group(3)));
        }
      }
      return new ResourceSampler.Figures(
          100.0 * cpu / (wall * Runtime.getRuntime().availableProcessors()),
          cpu / wall,
          usedMib,
          committedMib,
          heapLimitMib(),
          maxThreads,
          maxRssKib >> 10,
          machine.busyPercent());
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  private long cpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private Map<String, Long> status() {
    Map<String, Long> values = new HashMap<>();
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        int colon = line.indexOf(':');
        String digits = line.substring(colon + 1).replaceAll("[^0-9]", "");
        if (colon > 0 && !digits.isEmpty() && digits.length() < 18) {
          values.put(line.substring(0, colon), Long.parseLong(digits));
        }
      }
    } catch (IOException e) {
      // The process has ended: nothing more to sample.
    }
    return values;
  }

  private List<String> gcLines() {
    try {
      return Files.isRegularFile(gcLog) ? Files.readAllLines(gcLog) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The heap's limit as the GC log states it at start ("Heap Max Capacity: 512M"), or -1. */
  private long heapLimitMib() {
    for (String line : gcLines()) {
      int at = line.indexOf("Heap Max Capacity:");
      if (at >= 0) {
        String value = line.substring(at + "Heap Max Capacity:".length()).trim();
        if (value.endsWith("M")) {
          return Long.parseLong(value.substring(0, value.length() - 1));
        }
        if (value.endsWith("G")) {
          return Long.parseLong(value.substring(0, value.length() - 1)) << 10;
        }
      }
    }
    return -1;
  }

  /** Stops the hub with SIGTERM (its shutdown drains ingestion), killed after a minute. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
