package io.campusedge.simulators.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.clock.TimesyncProbe;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.scheduler.OutboxSink;
import io.campusedge.agent.internal.uplink.PahoUplink;
import io.campusedge.agent.internal.uplink.Uplink;
import io.campusedge.protos.v1.Reading;
import io.campusedge.simulators.chaos.HubUnderTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway offline for 200,000 readings (a classroom's five sensors every 10 s for almost five
 * days), then the hub comes up: the backlog drains without stalling, every reading is stored
 * exactly once, in seq order, and nothing was evicted (the default outbox bounds hold it).
 */
class OfflineBacklogIT {
  private static final String GATEWAY = "gw-offline";
  private static final String PASSWORD = "gw-offline-secret";
  private static final int READINGS = 200_000;
  private static final List<String> METRICS =
      List.of("co2", "temperature", "humidity", "illuminance", "noise");

  @TempDir Path dir;
  private HubUnderTest hub;
  private Outbox outbox;
  private Uplink uplink;

  @AfterEach
  void stop() {
    if (uplink != null) {
      uplink.close();
    }
    if (outbox != null) {
      outbox.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void twoHundredThousandReadingsBufferedOfflineAllArriveOnceInOrder() throws Exception {
    hub = new HubUnderTest(dir.resolve("hub"), Map.of(GATEWAY, PASSWORD));
    AgentConfig config = config(hub.brokerUrl());
    AgentClock clock = new AgentClock(Clock.systemUTC(), TimesyncProbe.assumeSynced());
    outbox = H2Outbox.open(config.outboxFile(), clock.wall(), GATEWAY, config.outbox());
    OutboxSink sink = new OutboxSink(outbox, clock);
    // The uplink starts while the broker is down: it keeps retrying with backoff meanwhile.
    uplink = new PahoUplink(config, outbox, clock);
    uplink.start();

    long fillStarted = System.nanoTime();
    long t0 = System.currentTimeMillis() - READINGS * 1000L;
    for (int i = 0; i < READINGS; i++) {
      sink.reading(
          Reading.newBuilder()
              .setDeviceId("a101-climate")
              .setMetric(METRICS.get(i % METRICS.size()))
              .setSourceTimeMs(t0 + i * 1000L)
              .setDoubleValue(400 + (i % 600))
              .setUnit("[ppm]")
              .build());
    }
    outbox.flush().get(60, TimeUnit.SECONDS);
    double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;
    assertThat(outbox.stats().evictedTotal()).isZero();
    long epoch = outbox.epoch();

    long drainStarted = System.nanoTime();
    hub.start();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .alias("hub acks all " + READINGS + " readings")
        .until(() -> hub.uptoSeq(GATEWAY, epoch).orElse(0L) >= READINGS);
    double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;

    long last = StreamAssertions.assertExactlyOnceUpTo(hub, GATEWAY, epoch, READINGS);
    assertThat(last).isEqualTo(READINGS);
    assertThat(hub.evictedSeqs(GATEWAY, epoch)).isEmpty();
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("agent deletes acknowledged rows")
        .until(() -> outbox.stats().pendingRecords() == 0);
    System.out.printf(
        "Offline backlog: %,d readings buffered in %.1f s (%.0f/s), drained to the hub's H2 store"
            + " in %.1f s (%.0f readings/s incl. hub start)%n",
        READINGS, fillSeconds, READINGS / fillSeconds, drainSeconds, READINGS / drainSeconds);
  }

  private AgentConfig config(String brokerUrl) {
    return new AgentConfig(
        HubUnderTest.SITE,
        GATEWAY,
        dir.resolve("agent"),
        new AgentConfig.Broker(brokerUrl, Optional.of(GATEWAY), Optional.of(PASSWORD)),
        List.of(new AgentConfig.Room("A101", "Lớp 10A1")),
        List.of(),
        new AgentConfig.UplinkSettings(500, Duration.ofSeconds(10), Duration.ofMillis(500)),
        new AgentConfig.ClockSettings(true));
  }
}
