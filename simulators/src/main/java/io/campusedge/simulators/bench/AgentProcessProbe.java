package io.campusedge.simulators.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real agent process ({@code campusedge-agent run}) with 10 simulated devices at {@code
 * -Xmx32m} and measures the time from process start to its first batch at the broker, and its
 * resident memory after a while. Run from the agent's own jar when it is given (as a gateway runs
 * it: only the agent's libraries on the class path), else from the benchmark's class path.
 */
final class AgentProcessProbe {
  private static final String GATEWAY = "gw-rss";

  /**
   * The JVM options a gateway runs with (the systemd unit uses the same): a heap that starts at 8
   * MiB, grows to 32 MiB only if needed and gives memory back, the serial collector (no GC threads
   * to spare on a Pi), C1 only, a small code cache, and malloc's free memory given back to the
   * system every 5 s (JDK 17.0.9 on; 4 MiB less resident than without). Measured: heap 32 MiB
   * committed at once without -Xms, metaspace ~18 MiB and the JDK's CDS archive ~12 MiB are the
   * bulk of the rest.
   */
  static final String GATEWAY_JVM =
      "-Xms8m -Xmx32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss256k -XX:+UseSerialGC"
          + " -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m"
          + " -XX:TrimNativeHeapInterval=5000";

  private final String brokerUrl;
  private final String site;
  private final BenchSubscriber subscriber;

  AgentProcessProbe(String brokerUrl, String site, BenchSubscriber subscriber) {
    this.brokerUrl = brokerUrl;
    this.site = site;
    this.subscriber = subscriber;
  }

  record Figures(long firstPublishMillis, long rssKib, long readings) {}

  /** First publish and RSS without class data sharing, and as the launcher starts it (AppCDS). */
  record Starts(Figures cold, Figures withCds) {}

  /**
   * A cold start; then one that writes an AppCDS archive at exit and one that maps it, as the
   * gateway's launcher does from its second start on.
   */
  Starts run(Path dir, int seconds, String jvmOptions, Optional<Path> agentJar) throws Exception {
    Figures cold = run(dir.resolve("cold"), GATEWAY + "-cold", seconds, jvmOptions, agentJar);
    Path archive = dir.resolve("agent.jsa").toAbsolutePath();
    run(
        dir.resolve("archive"),
        GATEWAY + "-archive",
        Math.min(seconds, 10),
        jvmOptions + " -XX:ArchiveClassesAtExit=" + archive,
        agentJar);
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the agent process wrote no CDS archive to " + archive);
    }
    Figures withCds =
        run(
            dir.resolve("cds"),
            GATEWAY + "-cds",
            seconds,
            jvmOptions + " -XX:SharedArchiveFile=" + archive,
            agentJar);
    return new Starts(cold, withCds);
  }

  private Figures run(
      Path dir, String gateway, int seconds, String jvmOptions, Optional<Path> agentJar)
      throws Exception {
    Files.createDirectories(dir);
    Path config = dir.resolve("agent.yaml");
    StringBuilder yaml =
        new StringBuilder(
            """
            site: %s
            gatewayId: %s
            dataDir: %s
            broker:
              url: %s
            rooms:
              - id: R1
            devices:
            """
                .formatted(site, gateway, dir.resolve("data"), brokerUrl));
    for (int i = 1; i <= 10; i++) {
      yaml.append(
          """
            - id: r1-climate-%d
              type: simulated-climate
              pollInterval: 1s
              params: { seed: %d, students: 35 }
          """
              .formatted(i, i));
    }
    Files.writeString(config, yaml);
    BenchSubscriber.Expectation received = subscriber.expect(gateway, Long.MAX_VALUE, true);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long started = System.nanoTime();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(List.of(jvmOptions.trim().split("\\s+")));
    if (agentJar.isPresent()) {
      command.addAll(List.of("-jar", agentJar.get().toString()));
    } else {
      command.addAll(
          List.of(
              "-cp", System.getProperty("java.class.path"), "io.campusedge.agent.AgentCommand"));
    }
    command.addAll(List.of("run", "--config", config.toString()));
    Process agent =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      while (System.nanoTime() < deadline && agent.isAlive()) {
        Thread.sleep(100);
      }
      if (!agent.isAlive()) {
        throw new IllegalStateException(
            "the agent process exited with "
                + agent.exitValue()
                + "; see "
                + dir.resolve("agent.log"));
      }
      long rss = rssKib(agent.pid());
      long first = subscriber.firstArrivalNanos(gateway);
      return new Figures(first == 0 ? -1 : (first - started) / 1_000_000, rss, received.readings());
    } finally {
      // SIGTERM: the agent stops cleanly, which is when the JVM writes an archive.
      agent.destroy();
      agent.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long rssKib(long pid) throws Exception {
    File status = new File("/proc/" + pid + "/status");
    if (!status.exists()) {
      return -1;
    }
    return Files.readAllLines(status.toPath()).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> line.replaceAll("[^0-9]", ""))
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElse(-1);
  }
}
