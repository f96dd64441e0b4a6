package io.campusedge.simulators.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many virtual gateways in this JVM against one broker, each with its own connection and
 * credentials. {@link #run} drives them in a {@link FleetMode} for a while and reports.
 */
public final class Fleet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  private static final int CONNECTS_IN_FLIGHT = 32;

  private final List<FleetGateway> gateways = new ArrayList<>();
  private final FleetStats stats = new FleetStats();
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "fleet-scheduler");
            thread.setDaemon(true);
            return thread;
          });
  private final Settings settings;

  /**
   * {@code readingsPerBatch}: records per batch (a poll is 6–7; PACED and RAW batches hold whole
   * polls, FLOOD batches exactly this many); {@code floodWindow}: batches a FLOOD gateway keeps
   * awaiting the hub's ack; {@code rawWindow}: batches a RAW gateway keeps awaiting PUBACK.
   */
  public record Settings(
      int readingsPerBatch,
      Duration pollInterval,
      int floodWindow,
      int rawWindow,
      Duration ackTimeout,
      long seed) {
    public static Settings defaults() {
      return new Settings(6, Duration.ofSeconds(1), 4, 8, Duration.ofSeconds(10), 13);
    }

    public Settings withReadingsPerBatch(int readings) {
      return new Settings(readings, pollInterval, floodWindow, rawWindow, ackTimeout, seed);
    }

    public Settings withFloodWindow(int window) {
      return new Settings(readingsPerBatch, pollInterval, window, rawWindow, ackTimeout, seed);
    }

    public Settings withPollInterval(Duration interval) {
      return new Settings(readingsPerBatch, interval, floodWindow, rawWindow, ackTimeout, seed);
    }
  }

  public Fleet(String brokerUrl, List<GatewayCredentials> credentials, Settings settings)
      throws MqttException {
    this.settings = settings;
    long timeout = settings.ackTimeout().toNanos();
    scheduler.scheduleWithFixedDelay(
        () -> gateways.forEach(gateway -> gateway.resendIfAckOverdue(timeout)),
        1,
        1,
        TimeUnit.SECONDS);
    long epochBase = System.currentTimeMillis();
    for (int i = 0; i < credentials.size(); i++) {
      gateways.add(
          new FleetGateway(
              credentials.get(i),
              brokerUrl,
              stats,
              scheduler,
              settings.readingsPerBatch(),
              epochBase + i,
              settings.seed() * 31 + i));
    }
  }

  /** Connects every gateway, {@value #CONNECTS_IN_FLIGHT} at a time; returns how many made it. */
  public int connect(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<IMqttToken> inFlight = new ArrayList<>();
    for (FleetGateway gateway : gateways) {
      try {
        inFlight.add(gateway.connect());
      } catch (MqttException e) {
        stats.errors.increment();
        log.warn("Gateway {} could not connect: {}", gateway.id(), e.getMessage());
      }
      if (inFlight.size() >= CONNECTS_IN_FLIGHT) {
        awaitAll(inFlight, deadline);
      }
    }
    awaitAll(inFlight, deadline);
    return (int) gateways.stream().filter(FleetGateway::isConnected).count();
  }

  private void awaitAll(List<IMqttToken> tokens, long deadline)
      throws InterruptedException, TimeoutException {
    for (IMqttToken token : tokens) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new TimeoutException("gateways still connecting when the connect timeout ran out");
      }
      try {
        token.waitForCompletion(left);
      } catch (MqttException e) {
        stats.errors.increment();
        log.warn("A gateway could not connect: {}", e.getMessage());
      }
    }
    tokens.clear();
  }

  public int connected() {
    return (int) gateways.stream().filter(FleetGateway::isConnected).count();
  }

  /**
   * Runs every gateway in {@code mode} for {@code duration}, then stops sending and waits up to
   * {@code settle} for the hub's acks of what was sent (not for RAW). Counters start at zero.
   */
  public FleetReport run(FleetMode mode, Duration duration, Duration settle)
      throws InterruptedException {
    FleetStats.Snapshot before = stats.snapshot();
    stats.ackLatency.clear();
    long started = System.nanoTime();
    List<ScheduledFuture<?>> polls = new ArrayList<>();
    Random offsets = new Random(settings.seed());
    long periodMs = settings.pollInterval().toMillis();
    for (FleetGateway gateway : gateways) {
      gateway.start(mode, settings.floodWindow(), settings.rawWindow());
      if (mode == FleetMode.PACED) {
        // Spread over the interval, as real gateways booted at different moments.
        long offset = periodMs <= 0 ? 0 : offsets.nextLong(periodMs);
        polls.add(
            scheduler.scheduleAtFixedRate(gateway::poll, offset, periodMs, TimeUnit.MILLISECONDS));
      }
    }
    TimeUnit.NANOSECONDS.sleep(duration.toNanos()); // the measured run itself
    polls.forEach(poll -> poll.cancel(false));
    gateways.forEach(FleetGateway::stop);
    double seconds = (System.nanoTime() - started) / 1e9;
    FleetStats.Snapshot atEnd = stats.snapshot();
    if (mode != FleetMode.RAW) {
      long settleUntil = System.nanoTime() + settle.toNanos();
      while (System.nanoTime() < settleUntil && unacked() > 0) {
        TimeUnit.MILLISECONDS.sleep(50); // polling the fleet's own counters
      }
    }
    FleetStats.Snapshot after = stats.snapshot();
    // Rates over the sending time; acks that arrived while settling belong to what was sent.
    return new FleetReport(
        mode,
        gateways.size(),
        connected(),
        seconds,
        atEnd.batchesSent() - before.batchesSent(),
        atEnd.recordsSent() - before.recordsSent(),
        after.batchesAcked() - before.batchesAcked(),
        after.recordsAcked() - before.recordsAcked(),
        after.resent() - before.resent(),
        after.skippedPolls() - before.skippedPolls(),
        after.errors() - before.errors(),
        stats.ackLatency.percentileMillis(50),
        stats.ackLatency.percentileMillis(99));
  }

  /** Batches sent and not yet acknowledged by the hub, over the fleet. */
  public long unacked() {
    return gateways.stream().mapToLong(FleetGateway::unackedBatches).sum();
  }

  @Override
  public void close() {
    gateways.parallelStream().forEach(FleetGateway::close);
    scheduler.shutdownNow();
  }
}
