package io.campusedge.simulators.bench;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.clock.TimesyncProbe;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.scheduler.OutboxSink;
import io.campusedge.agent.internal.uplink.PahoUplink;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The agent's delivery benchmark of issue 6, all on this machine and one embedded HiveMQ CE broker:
 *
 * <ol>
 *   <li>raw baseline: a bare Paho v5 QoS 1 publisher with a window of the broker's Receive Maximum,
 *       publishing pre-encoded batches of the agent's batch size, and the same with one reading per
 *       message;
 *   <li>the agent pipeline: driver sink → H2 outbox (fsync'd group commit) → Paho uplink → broker →
 *       a subscriber that acknowledges like the hub (without storing);
 *   <li>"what people do today": one reading per message through Paho with its file persistence;
 *   <li>backlog drain after a long offline period, and the RSS and first-publish time of a real
 *       agent process with 10 devices at {@code -Xmx32m}.
 * </ol>
 *
 * Run with {@code ./campusedge-bench}. Prints ratios against the baseline of the same run.
 */
@Command(
    name = "campusedge-bench",
    mixinStandardHelpOptions = true,
    description = "Measure the gateway agent's delivery pipeline against raw Paho baselines.")
public final class AgentBench implements Callable<Integer> {
  private static final String SITE = "BENCH";
  private static final List<String> METRICS =
      List.of("co2", "temperature", "humidity", "illuminance", "noise");

  @Option(names = "--readings", defaultValue = "300000", description = "Readings per pipeline run.")
  int readings;

  @Option(names = "--batch", defaultValue = "500", description = "Readings per batch.")
  int batchSize;

  @Option(
      names = "--warmup",
      defaultValue = "50000",
      description =
          "Readings sent once through the raw publisher and once through the pipeline before"
              + " measuring, so both are measured with compiled code (0: no warm-up).")
  int warmup;

  @Option(names = "--backlog", defaultValue = "1000000", description = "Readings buffered offline.")
  int backlog;

  @Option(
      names = "--persisted-messages",
      defaultValue = "10000",
      description = "Messages through Paho's file persistence.")
  int persistedMessages;

  @Option(names = "--rss-seconds", defaultValue = "30", description = "Agent process run time.")
  int rssSeconds;

  @Option(
      names = "--agent-jvm",
      defaultValue = AgentProcessProbe.GATEWAY_JVM,
      description = "JVM options of the agent process (default: ${DEFAULT-VALUE}).")
  String agentJvm;

  @Option(
      names = "--agent-jar",
      defaultValue = "edge-agent/target/campusedge-agent.jar",
      description =
          "The agent as installed on a gateway, run with -jar (default: ${DEFAULT-VALUE}); when"
              + " missing, the agent runs from the benchmark's class path.")
  Path agentJar;

  @Option(names = "--work-dir", description = "Scratch folder (default: a temp folder).")
  Path workDir;

  private BareBroker broker;
  private BenchSubscriber subscriber;

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "campusedge-bench-logback.xml");
    System.exit(new CommandLine(new AgentBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("campusedge-bench");
    System.out.println("CampusEdge agent benchmark on " + Machine.describe());
    broker = BareBroker.start(dir.resolve("broker"));
    subscriber = new BenchSubscriber(url(), SITE);
    try {
      if (warmup > 0) {
        progress("warm-up, raw", rawPaho(new MemoryPersistence(), warmup / batchSize, batchSize));
        progress("warm-up, pipeline", agentPipeline(dir.resolve("warmup"), warmup, false));
      }
      Result rawBatched =
          progress(
              "raw batched", rawPaho(new MemoryPersistence(), readings / batchSize, batchSize));
      Result rawSingle =
          progress("raw single", rawPaho(new MemoryPersistence(), Math.min(readings, 100_000), 1));
      Result pipeline =
          progress("agent pipeline", agentPipeline(dir.resolve("pipeline"), readings, false));
      Result persisted =
          progress(
              "paho file persistence",
              rawPaho(
                  new MqttDefaultFilePersistence(dir.resolve("paho-files").toString()),
                  persistedMessages,
                  1));
      Result drain = progress("backlog", agentPipeline(dir.resolve("backlog"), backlog, true));
      Optional<Path> jar = Files.isRegularFile(agentJar) ? Optional.of(agentJar) : Optional.empty();
      AgentProcessProbe.Starts process =
          new AgentProcessProbe(url(), SITE, subscriber)
              .run(dir.resolve("rss"), rssSeconds, agentJvm, jar);

      System.out.println();
      System.out.println("| run | messages/s | readings/s |");
      System.out.println("|---|---:|---:|");
      row("(1) raw Paho v5 QoS 1, in memory, batches of " + batchSize, rawBatched);
      row("(1') raw Paho v5 QoS 1, in memory, 1 reading/message", rawSingle);
      row("(2) agent pipeline: sink → H2 outbox → uplink → broker → acking subscriber", pipeline);
      row("(3) Paho v5 QoS 1 with file persistence, 1 reading/message", persisted);
      row("(4) backlog drain after " + String.format("%,d", backlog) + " buffered readings", drain);
      System.out.printf(
          "%nRatio (2)/(1) readings/s: %.2f (target ≥ 0.50)%n",
          pipeline.readingsPerSecond() / rawBatched.readingsPerSecond());
      System.out.printf(
          "Ratio (3)/(1') messages/s: %.3f (file persistence against memory)%n",
          persisted.messagesPerSecond() / rawSingle.messagesPerSecond());
      System.out.printf(
          "Backlog: buffered in %.1f s, drained at %,.0f readings/s (target ≥ 20,000)%n",
          drain.fillSeconds(), drain.readingsPerSecond());
      System.out.printf(
          "Agent process, 10 simulated devices, %s, run from %s:%n",
          agentJvm,
          jar.map(path -> path.toAbsolutePath().normalize().toString())
              .orElse("the benchmark's class path (no agent jar)"));
      processRow("without class data sharing", process.cold());
      processRow("with the launcher's AppCDS archive (second start on)", process.withCds());
      return 0;
    } finally {
      subscriber.close();
      broker.close();
    }
  }

  private void processRow(String start, AgentProcessProbe.Figures figures) {
    System.out.printf(
        "  %s: first publish %,d ms after process start (target < 2,000), RSS %,d KiB after %d s"
            + " (target ≤ 65,536), %,d readings received%n",
        start, figures.firstPublishMillis(), figures.rssKib(), rssSeconds, figures.readings());
  }

  private static Result progress(String stage, Result result) {
    System.out.printf(
        "  %s: %,d messages, %,d readings in %.2f s%n",
        stage, result.messages(), result.readings(), result.seconds());
    return result;
  }

  private static void row(String name, Result result) {
    System.out.printf(
        "| %s | %,.0f | %,.0f |%n", name, result.messagesPerSecond(), result.readingsPerSecond());
  }

  /** Messages and readings per second of one run, measured until the subscriber had them all. */
  record Result(long messages, long readings, double seconds, double fillSeconds) {
    double messagesPerSecond() {
      return messages / seconds;
    }

    double readingsPerSecond() {
      return readings / seconds;
    }
  }

  private String url() {
    return broker.url();
  }

  /**
   * A bare QoS 1 publisher: pre-encoded batches, at most the broker's Receive Maximum in flight.
   */
  private Result rawPaho(MqttClientPersistence persistence, int messages, int perMessage)
      throws Exception {
    String gateway = "gw-raw-" + perMessage + "-" + persistence.getClass().getSimpleName();
    long epoch = 1;
    List<byte[]> payloads = new ArrayList<>(Math.min(messages, 1000));
    for (int m = 0; m < Math.min(messages, 1000); m++) {
      payloads.add(batch(gateway, epoch, (long) m * perMessage, perMessage).toByteArray());
    }
    BenchSubscriber.Expectation done =
        subscriber.expect(gateway, (long) messages * perMessage, false);
    MqttAsyncClient client = new MqttAsyncClient(url(), gateway, persistence);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setSocketFactory(new io.campusedge.protos.transport.NoDelaySocketFactory());
    IMqttToken connected = client.connect(options);
    connected.waitForCompletion(10_000);
    Integer receiveMaximum = connected.getResponseProperties().getReceiveMaximum();
    int windowSize = receiveMaximum == null ? 65_535 : receiveMaximum;
    Semaphore window = new Semaphore(windowSize);
    String topic = Topics.topic(SITE, gateway, Topics.Kind.DATA);
    MqttActionListener release =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            window.release();
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] != 0) {
              System.err.println("broker refused a publish: reason code " + codes[0]);
            }
          }

          @Override
          public void onFailure(IMqttToken token, Throwable failure) {
            window.release();
            System.err.println("publish failed: " + failure);
          }
        };
    long started = System.nanoTime();
    for (int m = 0; m < messages; m++) {
      window.acquire();
      MqttMessage message = new MqttMessage(payloads.get(m % payloads.size()));
      message.setQos(1);
      client.publish(topic, message, null, release);
    }
    window.acquire(windowSize);
    double published = (System.nanoTime() - started) / 1e9;
    done.await(Duration.ofMinutes(2));
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "    (all PUBACKs after %.2f s, all delivered after %.2f s)%n", published, seconds);
    client.disconnect().waitForCompletion(10_000);
    client.close();
    return new Result(messages, (long) messages * perMessage, seconds, 0);
  }

  /**
   * The agent's own classes from the driver's sink to the broker. With {@code offlineFirst}, every
   * reading is buffered before the uplink starts (backlog drain); otherwise the uplink runs while
   * the "driver" produces.
   */
  private Result agentPipeline(Path dir, int count, boolean offlineFirst) throws Exception {
    String gateway = offlineFirst ? "gw-backlog" : "gw-pipeline";
    AgentConfig config =
        new AgentConfig(
            SITE,
            gateway,
            dir,
            new AgentConfig.Broker(url(), Optional.empty(), Optional.empty()),
            List.of(new AgentConfig.Room("R1", "Room 1")),
            List.of(),
            new AgentConfig.UplinkSettings(
                batchSize, Duration.ofSeconds(30), Duration.ofSeconds(1)),
            new AgentConfig.ClockSettings(true),
            new AgentConfig.OutboxSettings(2L << 30, 16L << 20, Duration.ofDays(30), 4));
    AgentClock clock = new AgentClock(Clock.systemUTC(), TimesyncProbe.assumeSynced());
    BenchSubscriber.Expectation done = subscriber.expect(gateway, count, true);
    try (H2Outbox outbox =
        H2Outbox.open(config.outboxFile(), clock.wall(), gateway, config.outbox())) {
      OutboxSink sink = new OutboxSink(outbox, clock);
      PahoUplink uplink = new PahoUplink(config, outbox, clock);
      long started = System.nanoTime();
      if (!offlineFirst) {
        uplink.start();
      }
      produce(sink, outbox, count);
      double fillSeconds = (System.nanoTime() - started) / 1e9;
      if (offlineFirst) {
        started = System.nanoTime();
        uplink.start();
      }
      done.await(Duration.ofMinutes(15));
      double seconds = (System.nanoTime() - started) / 1e9;
      uplink.close();
      return new Result(done.messages(), count, seconds, fillSeconds);
    }
  }

  /** A fast driver: readings of five series, flushed every 10,000 to bound the queue. */
  private static void produce(OutboxSink sink, H2Outbox outbox, int count) throws Exception {
    long t0 = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      sink.reading(reading(i, t0));
      if (i % 10_000 == 9_999) {
        outbox.flush().get(60, TimeUnit.SECONDS);
      }
    }
    outbox.flush().get(60, TimeUnit.SECONDS);
  }

  private static Reading reading(int i, long t0) {
    return Reading.newBuilder()
        .setDeviceId("r1-climate")
        .setMetric(METRICS.get(i % METRICS.size()))
        .setSourceTimeMs(t0 + i)
        .setDoubleValue(400 + (i % 600))
        .setUnit("[ppm]")
        .build();
  }

  private static Batch batch(String gateway, long epoch, long firstSeq, int size) {
    Batch.Builder batch = Batch.newBuilder().setSite(SITE).setGatewayId(gateway).setEpoch(epoch);
    long t0 = System.currentTimeMillis();
    for (int i = 0; i < size; i++) {
      batch.addRecords(
          Record.newBuilder().setSeq(firstSeq + i + 1).setReading(reading(i, t0)).build());
    }
    return batch.setSentTimeMs(t0).build();
  }

  static void ignore(MqttException e) {
    // Closing a benchmark client cannot change the figures.
  }
}
