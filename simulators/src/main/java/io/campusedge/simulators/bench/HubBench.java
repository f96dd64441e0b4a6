package io.campusedge.simulators.bench;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.simulators.fleet.Fleet;
import io.campusedge.simulators.fleet.FleetMode;
import io.campusedge.simulators.fleet.FleetReport;
import io.campusedge.simulators.fleet.GatewayCredentials;
import io.campusedge.simulators.fleet.HubEnrollment;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hub benchmark of issues 7 and 13, all in this JVM on this machine:
 *
 * <ol>
 *   <li>raw baseline: fleet gateways in RAW mode publishing pre-encoded batches to a bare embedded
 *       HiveMQ CE broker, counted by a bare subscriber (no hub, no storage);
 *   <li>the real hub (embedded broker with its authentication and ACL extension, ingestion, H2
 *       store in a temp folder), gateways enrolled through its enrollment API, every gateway on its
 *       own MQTT v5 connection with its own credentials;
 *   <li>PACED: each gateway polls its classroom every interval (6–7 records a poll) and waits for
 *       the hub's ack, as real gateways do;
 *   <li>FLOOD: each gateway keeps a few batches awaiting the hub's ack, so the hub's commit rate is
 *       the limit; its readings/s against the raw baseline is the ratio ({@code --batch 1}: single
 *       reading messages);
 *   <li>during PACED, a client of the hub's live events ({@code /api/v1/events}, as a dashboard
 *       tab) measures publish→SSE latency;
 *   <li>BURST: the PACED fleet at {@code --burst-factor} times its rate; afterwards every record
 *       sent must be in the database (lost = sent − stored), with the heap figures.
 * </ol>
 *
 * <p>By default the fleet runs in the hub's JVM, so CPU and heap include the simulated gateways;
 * with {@code --hub-process} the hub runs in its own JVM ({@code --hub-jvm}, default {@code
 * -Xmx512m}) from its jar, as on a school server, and the figures are the hub process's own.
 */
@Command(
    name = "campusedge-bench hub",
    mixinStandardHelpOptions = true,
    description = "Run a fleet of virtual gateways against the real hub and a raw baseline.")
public final class HubBench implements Callable<Integer> {
  private static final String SITE = "THPT-BENCH";

  @Option(names = "--gateways", defaultValue = "1000", description = "Virtual gateways.")
  int gateways;

  @Option(
      names = "--flood-window",
      defaultValue = "4",
      description = "FLOOD: batches a gateway keeps awaiting the hub's ack (the agent's is 32).")
  int floodWindow;

  @Option(
      names = "--flood-warmup",
      defaultValue = "0s",
      description =
          "FLOOD, against the bare subscriber and the hub alike: flood this long first, not"
              + " measured, so the figures are sustained ones (a fresh JVM spends up to a third"
              + " of the machine compiling during a 30 s stage); 0: none.")
  String floodWarmup;

  @Option(names = "--duration", defaultValue = "60s", description = "Length of each stage.")
  String duration;

  @Option(
      names = "--warmup",
      defaultValue = "0s",
      description =
          "PACED: run the stage this long first, reported apart as the cold start (a fresh hub"
              + " compiles its ingest path under load), then the measured stage (0: none).")
  String warmup;

  @Option(
      names = "--poll-interval",
      defaultValue = "10s",
      description =
          "PACED: one classroom poll (6–7 records) per gateway this often (an SCD4x measures every"
              + " 5 s; classroom IEQ logging is every 10–60 s).")
  String pollInterval;

  @Option(
      names = "--batch",
      defaultValue = "100",
      description = "FLOOD and RAW: records per batch (the agent's default batch limit is 500).")
  int batch;

  @Option(
      names = "--raw-gateways",
      defaultValue = "50",
      description = "Publishers in the raw baseline (0: skip it).")
  int rawGateways;

  @Option(
      names = "--raw-client",
      defaultValue = "HIVEMQ",
      description =
          "MQTT client of the raw baseline's bare subscriber: HIVEMQ (the one the hub ingests"
              + " with) or PAHO.")
  BenchSubscriber.Client rawClient;

  @Option(
      names = "--flood-gateways",
      defaultValue = "50",
      description =
          "Gateways that flood in the FLOOD stage (0: all); as many as --raw-gateways compares"
              + " like with like.")
  int floodGateways;

  @Option(
      names = "--skip-flood",
      defaultValue = "false",
      description = "Only the PACED stage against the hub.")
  boolean skipFlood;

  @Option(
      names = "--hash-iterations",
      defaultValue = "10000",
      description =
          "PBKDF2 iterations of the hub's gateway passwords (production default 600,000; every"
              + " gateway CONNECT verifies one, so the bench uses the hub's minimum).")
  int hashIterations;

  @Option(
      names = "--database",
      defaultValue = "h2",
      description =
          "h2 (the hub's default, a file in the work folder) or postgres (PostgreSQL 15 started"
              + " from the zonky Maven artifact for the run).")
  String database;

  @Option(
      names = "--postgres-setting",
      description =
          "A server setting of the bench's PostgreSQL beyond its defaults, e.g."
              + " max_wal_size=4GB (repeatable).")
  Map<String, String> postgresSettings = new LinkedHashMap<>();

  @Option(
      names = "--burst-factor",
      defaultValue = "10",
      description =
          "BURST: PACED at this many times the poll rate (0: skip); run the bench with"
              + " BENCH_JAVA_OPTS=-Xmx512m for the issue's burst figure.")
  int burstFactor;

  @Option(names = "--burst-duration", defaultValue = "15s", description = "Length of the burst.")
  String burstDuration;

  @Option(
      names = "--hub-process",
      defaultValue = "false",
      description =
          "Run the hub in its own JVM from --hub-jar with --hub-jvm (the issue's burst figure at"
              + " -Xmx512m is the hub's heap alone); default: in the bench's JVM.")
  boolean hubProcess;

  @Option(
      names = "--hub-jvm",
      defaultValue = "-Xmx512m",
      description = "JVM options of the hub process (default: ${DEFAULT-VALUE}).")
  String hubJvm;

  @Option(
      names = "--hub-jar",
      defaultValue = "campus-hub/target/campusedge-hub.jar",
      description = "The hub's runnable jar for --hub-process (default: ${DEFAULT-VALUE}).")
  Path hubJar;

  @Option(
      names = "--hub-property",
      description =
          "More hub configuration for the run, e.g. campusedge.broker.persistence=in-memory"
              + " (repeatable).")
  Map<String, String> hubProperties = new LinkedHashMap<>();

  @Option(names = "--work-dir", description = "Scratch folder (default: a temp folder).")
  Path workDir;

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "campusedge-bench-logback.xml");
    System.exit(new CommandLine(new HubBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("campusedge-hub-bench");
    Duration stage = parse(duration);
    System.out.println("CampusEdge hub benchmark on " + Machine.describe());
    System.out.printf(
        "%,d gateways, stages of %s, PACED poll every %s, FLOOD/RAW batches of %d records%n",
        gateways, stage, pollInterval, batch);
    if (!hubProperties.isEmpty()) {
      System.out.println("Hub configured with " + hubProperties);
    }

    FleetReport raw = rawBaseline(dir.resolve("raw"), stage);
    Figures hub = againstHub(dir.resolve("hub"), stage);

    System.out.println();
    System.out.println("| stage | gateways | readings/s | ack p50 | ack p99 | resources |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    if (raw != null) {
      System.out.printf(
          "| RAW: bare broker accepting pre-encoded %d-record batches, nobody subscribed | %,d |"
              + " %,.0f accepted | – | – | |%n",
          batch, rawCeiling.connected(), rawCeiling.sentPerSecond());
      row(
          "raw baseline: FLOOD → bare broker → bare subscriber acking on receipt",
          raw,
          rawResources);
    }
    row("PACED against the hub (stored = acked after commit)", hub.paced, hub.pacedResources);
    if (hub.flood != null) {
      row("FLOOD against the hub, " + batch + "-record batches", hub.flood, hub.floodResources);
    }
    if (hub.burst != null) {
      row(
          "BURST: PACED at " + burstFactor + "× the poll rate for " + burstDuration,
          hub.burst,
          hub.burstResources);
    }
    System.out.printf(
        "%nConnections: %,d of %,d gateways connected (enrollment %.1f s, connect %.1f s)%n",
        hub.connected, gateways, hub.enrollSeconds, hub.connectSeconds);
    System.out.printf(
        "Hub store: %,d records in the database after the run; acked %,d%n",
        hub.storedRows, hub.ackedTotal);
    if (raw != null && hub.flood != null) {
      System.out.printf(
          "Ratio hub FLOOD stored / raw baseline readings/s: %.2f (target ≥ 0.50)%n",
          hub.flood.ackedPerSecond() / raw.ackedPerSecond());
    }
    System.out.printf(
        "PACED: %,.0f messages/s, %,.0f readings/s offered, %,.0f readings/s stored (%.1f%%)%n",
        hub.paced.batchesPerSecond(),
        hub.paced.sentPerSecond(),
        hub.paced.ackedPerSecond(),
        100.0 * hub.paced.recordsAcked() / Math.max(1, hub.paced.recordsSent()));
    System.out.printf(
        "Publish→SSE during PACED (%,.0f messages/s%s): p50 %.1f ms, p99 %.1f ms over %,d"
            + " readings (target p99 < 250 ms at 1,000 messages/s)%n",
        hub.paced.batchesPerSecond(),
        parse(warmup).isZero() ? ", from a cold start" : ", after a " + warmup + " warm-up",
        hub.sseP50,
        hub.sseP99,
        hub.sseSamples);
    if (hub.burst != null) {
      System.out.printf(
          "BURST: %,d records sent, %,d stored in the database, %,d lost; hub still ingesting"
              + " after it: %s%n",
          hub.burst.recordsSent(),
          hub.burstStored,
          Math.max(0, hub.burst.recordsSent() - hub.burstStored),
          hub.aliveAfterBurst ? "yes" : "NO");
    }
    if (hub.hubProcessEnd != null) {
      System.out.printf("Hub process (%s): %s at the end of the run%n", hubJvm, hub.hubProcessEnd);
    }
    System.out.println("Database: " + database);
    return 0;
  }

  private static void row(String name, FleetReport report, Object resources) {
    System.out.printf(
        "| %s | %,d | %,.0f | %.1f ms | %.1f ms | %s |%n",
        name,
        report.connected(),
        report.ackedPerSecond(),
        report.ackP50Millis(),
        report.ackP99Millis(),
        resources);
  }

  /**
   * Two figures on a bare broker: how fast it accepts pre-encoded batches with nobody subscribed
   * (RAW, the broker's ceiling), and the same FLOOD flow as against the hub with a bare subscriber
   * that acknowledges on receipt instead of a hub that stores (the baseline of the ratio).
   */
  private FleetReport rawBaseline(Path dir, Duration stage) throws Exception {
    if (rawGateways <= 0) {
      return null;
    }
    try (BareBroker broker = BareBroker.start(dir)) {
      List<GatewayCredentials> anonymous = new ArrayList<>();
      for (int i = 1; i <= rawGateways; i++) {
        anonymous.add(new GatewayCredentials(SITE, String.format("raw-%04d", i), "unused"));
      }
      Fleet.Settings settings =
          Fleet.Settings.defaults().withReadingsPerBatch(batch).withFloodWindow(floodWindow);
      try (Fleet fleet = new Fleet(broker.url(), anonymous, settings)) {
        fleet.connect(Duration.ofMinutes(2));
        Duration ceilingStage =
            stage.compareTo(Duration.ofSeconds(10)) < 0 ? stage : Duration.ofSeconds(10);
        try (ResourceSampler sampler = new ResourceSampler()) {
          rawCeiling = fleet.run(FleetMode.RAW, ceilingStage, Duration.ZERO);
          System.out.println(
              "  broker ceiling, nobody subscribed: " + rawCeiling + "; " + sampler.figures());
        }
        try (BenchSubscriber subscriber = new BenchSubscriber(broker.url(), SITE, rawClient);
            ResourceSampler sampler = new ResourceSampler()) {
          anonymous.forEach(g -> subscriber.expect(g.gatewayId(), Long.MAX_VALUE, true));
          floodWarmup(fleet, Duration.ofSeconds(30));
          FleetReport baseline = fleet.run(FleetMode.FLOOD, stage, Duration.ofSeconds(30));
          rawResources = sampler.figures().toString();
          System.out.println(
              "  bare subscriber (" + rawClient + "): " + baseline + "; " + rawResources);
          return baseline;
        }
      }
    }
  }

  /** The unmeasured FLOOD before a measured one, if asked for; returns the records it acked. */
  private long floodWarmup(Fleet fleet, Duration settle) throws InterruptedException {
    Duration length = parse(floodWarmup);
    if (length.isZero()) {
      return 0;
    }
    FleetReport warm = fleet.run(FleetMode.FLOOD, length, settle);
    System.out.println("  FLOOD WARM-UP (not measured): " + warm);
    return warm.recordsAcked();
  }

  private FleetReport rawCeiling;
  private String rawResources = "";

  private static final class Figures {
    FleetReport paced;
    FleetReport flood;
    ResourceSampler.Figures pacedResources;
    ResourceSampler.Figures floodResources;
    int connected;
    double enrollSeconds;
    double connectSeconds;
    long storedRows;
    long ackedTotal;
    double sseP50 = Double.NaN;
    double sseP99 = Double.NaN;
    int sseSamples;
    long sseMalformed;
    List<Long> sseTrend = List.of();
    FleetReport burst;
    ResourceSampler.Figures burstResources;
    long burstStored;
    boolean aliveAfterBurst;
    String hubProcessEnd;
  }

  private Figures againstHub(Path dir, Duration stage) throws Exception {
    Figures figures = new Figures();
    String adminPassword = randomSecret();
    Map<String, Object> properties = new HashMap<>();
    properties.put(HubProperties.DATA_DIR, dir.toString());
    properties.put(HubProperties.HTTP_PORT, -1);
    properties.put(HubProperties.BROKER_PORT, freePort());
    properties.put(HubProperties.BROKER_BIND_ADDRESS, "127.0.0.1");
    properties.put(HubProperties.PASSWORD_HASH_ITERATIONS, hashIterations);
    properties.put(HubProperties.ADMIN_PASSWORD, adminPassword);
    properties.putAll(hubProperties);
    try (BenchDatabase db =
            BenchDatabase.start(database, dir.resolve("postgres"), postgresSettings);
        BenchHub hub =
            hubProcess
                ? HubProcess.start(hubJar, hubJvm, db.configure(properties), dir.resolve("process"))
                : BenchHub.inProcess(db.configure(properties))) {
      String brokerUrl = hub.brokerUrl();
      long started = System.nanoTime();
      HubEnrollment admin = HubEnrollment.login(hub.httpUrl(), "admin", adminPassword);
      List<GatewayCredentials> credentials = admin.enrollMany(SITE, "gw", gateways, 4);
      figures.enrollSeconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "  enrolled %,d gateways through the hub's API in %.1f s%n",
          credentials.size(), figures.enrollSeconds);

      Fleet.Settings paced = Fleet.Settings.defaults().withPollInterval(parse(pollInterval));
      try (Fleet fleet = new Fleet(brokerUrl, credentials, paced)) {
        started = System.nanoTime();
        figures.connected = fleet.connect(Duration.ofMinutes(5));
        figures.connectSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
            "  connected %,d gateways in %.1f s%n", figures.connected, figures.connectSeconds);
        Duration warmupStage = parse(warmup);
        if (!warmupStage.isZero()) {
          try (LiveLatencyProbe probe = LiveLatencyProbe.open(hub.httpUrl(), admin.bearer(), SITE);
              StageSampler sampler = hub.sampler()) {
            probe.start();
            FleetReport cold = fleet.run(FleetMode.PACED, warmupStage, Duration.ofSeconds(60));
            probe.stop();
            System.out.println(
                "  WARM-UP (cold start, not in the table): " + cold + "; " + sampler.figures());
            System.out.printf(
                "  warm-up publish→SSE p50 %.1f ms, p99 %.1f ms; mean by 5 s (ms): %s%n",
                probe.percentileMillis(50),
                probe.percentileMillis(99),
                probe.meanMillisBy5Seconds());
            figures.ackedTotal += cold.recordsAcked();
          }
        }
        try (LiveLatencyProbe probe = LiveLatencyProbe.open(hub.httpUrl(), admin.bearer(), SITE);
            StageSampler sampler = hub.sampler()) {
          probe.start();
          figures.paced = fleet.run(FleetMode.PACED, stage, Duration.ofSeconds(30));
          probe.stop();
          figures.pacedResources = sampler.figures();
          figures.sseP50 = probe.percentileMillis(50);
          figures.sseP99 = probe.percentileMillis(99);
          figures.sseSamples = probe.samples();
          figures.sseMalformed = probe.malformed();
          figures.sseTrend = probe.meanMillisBy5Seconds();
        }
        System.out.println("  " + figures.paced + "; " + figures.pacedResources);
        System.out.printf(
            "  publish→SSE p50 %.1f ms, p99 %.1f ms (%,d readings, %,d unreadable events)%n",
            figures.sseP50, figures.sseP99, figures.sseSamples, figures.sseMalformed);
        System.out.println(
            "  publish→SSE mean by 5 s of publish time (ms; -1: none): " + figures.sseTrend);
        figures.ackedTotal += figures.paced.recordsAcked();
      }
      if (burstFactor > 0) {
        burst(hub, credentials, figures);
      }

      if (!skipFlood) {
        int floodCount = floodGateways > 0 ? Math.min(floodGateways, gateways) : gateways;
        Fleet.Settings flood =
            Fleet.Settings.defaults().withReadingsPerBatch(batch).withFloodWindow(floodWindow);
        try (Fleet fleet = new Fleet(brokerUrl, credentials.subList(0, floodCount), flood)) {
          fleet.connect(Duration.ofMinutes(5));
          figures.ackedTotal += floodWarmup(fleet, Duration.ofSeconds(60));
          Optional<BenchDatabase.Wal> walBefore = db.wal();
          try (StageSampler sampler = hub.sampler()) {
            figures.flood = fleet.run(FleetMode.FLOOD, stage, Duration.ofSeconds(60));
            figures.floodResources = sampler.figures();
          }
          System.out.println("  " + figures.flood + "; " + figures.floodResources);
          Optional<BenchDatabase.Wal> walAfter = db.wal();
          if (walBefore.isPresent() && walAfter.isPresent()) {
            System.out.println(
                "  FLOOD "
                    + walAfter
                        .get()
                        .minus(walBefore.get())
                        .perReading(figures.flood.recordsAcked()));
          }
        }
        figures.ackedTotal += figures.flood.recordsAcked();
      }
      figures.storedRows = hub.countRecords();
      figures.hubProcessEnd = hub.processState().orElse(null);
    }
    return figures;
  }

  /**
   * The same gateways at {@code burstFactor} times their poll rate. Every record they send must end
   * up in the database: the hub may slow the broker and the gateways down (acks come later), never
   * drop what it was given.
   */
  private void burst(BenchHub hub, List<GatewayCredentials> credentials, Figures figures)
      throws Exception {
    Duration interval = parse(pollInterval).dividedBy(burstFactor);
    long before = hub.countRecords();
    Fleet.Settings settings =
        Fleet.Settings.defaults()
            .withPollInterval(interval.isZero() ? Duration.ofMillis(1) : interval);
    try (Fleet fleet = new Fleet(hub.brokerUrl(), credentials, settings);
        StageSampler sampler = hub.sampler()) {
      fleet.connect(Duration.ofMinutes(5));
      figures.burst = fleet.run(FleetMode.PACED, parse(burstDuration), Duration.ofMinutes(3));
      figures.burstResources = sampler.figures();
    }
    figures.burstStored = hub.countRecords() - before;
    figures.ackedTotal += figures.burst.recordsAcked();
    figures.aliveAfterBurst = stillIngesting(hub, credentials.get(0));
    System.out.println("  " + figures.burst + "; " + figures.burstResources);
  }

  /** One more poll of one gateway is stored and acknowledged within 30 s. */
  private static boolean stillIngesting(BenchHub hub, GatewayCredentials gateway) throws Exception {
    Fleet.Settings settings = Fleet.Settings.defaults().withPollInterval(Duration.ofSeconds(1));
    try (Fleet fleet = new Fleet(hub.brokerUrl(), List.of(gateway), settings)) {
      fleet.connect(Duration.ofSeconds(30));
      FleetReport check = fleet.run(FleetMode.PACED, Duration.ofSeconds(2), Duration.ofSeconds(30));
      return check.recordsSent() > 0 && check.recordsAcked() == check.recordsSent();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code 60s}, {@code 2m}, {@code 500ms} or an ISO-8601 duration. */
  static Duration parse(String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    }
    if (t.endsWith("m")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
    }
    return Duration.parse(text);
  }
}
