package io.campusedge.simulators.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.clock.TimesyncProbe;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.scheduler.OutboxSink;
import io.campusedge.agent.internal.uplink.PahoUplink;
import io.campusedge.agent.internal.uplink.Uplink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.simulators.chaos.HubUnderTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway offline long enough to fill a small outbox with mixed lanes, through the agent's own
 * sink, H2 outbox and Paho uplink, then the real hub: every card tap arrives, the hub settles
 * exactly the seqs the agent evicted, and its ack passes the holes to the last seq.
 */
class FullOutboxIT {
  private static final String GATEWAY = "gw-full";
  private static final String PASSWORD = "gw-full-secret";
  private static final int TAPS = 60;
  private static final int EVENTS = 40;
  private static final int ROUNDS = 60;
  private static final int READINGS_PER_ROUND = 50;

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
  void everyCardTapArrivesAndTheHubSettlesExactlyWhatTheAgentEvicted() throws Exception {
    hub = new HubUnderTest(dir.resolve("hub"), Map.of(GATEWAY, PASSWORD));
    AgentConfig config = config(hub.brokerUrl());
    AgentClock clock = new AgentClock(Clock.systemUTC(), TimesyncProbe.assumeSynced());
    outbox = H2Outbox.open(config.outboxFile(), clock.wall(), GATEWAY, config.outbox());
    OutboxSink sink = new OutboxSink(outbox, clock);

    List<Long> tapSeqs = fillWhileOffline(sink);
    long last = lastSeq();
    OutboxStatus full = outbox.stats();
    assertThat(full.evictedByLane()).containsEntry("attendance", 0L);
    assertThat(full.evictedByLane().get("telemetry")).isPositive();

    hub.start();
    uplink = new PahoUplink(config, outbox, clock);
    uplink.start();
    long epoch = outbox.epoch();
    await()
        .atMost(FaultScenario.PATIENCE)
        .alias("hub acks up to seq " + last + " across the evicted holes")
        .until(() -> hub.uptoSeq(GATEWAY, epoch).orElse(0L) >= last);

    List<Record> stored = hub.storedRecords(GATEWAY, epoch);
    List<Long> storedTaps = stored.stream().filter(Record::hasCardTap).map(Record::getSeq).toList();
    assertThat(storedTaps).containsExactlyElementsOf(tapSeqs);
    List<Long> evictedAtHub = hub.evictedSeqs(GATEWAY, epoch);
    assertThat((long) evictedAtHub.size()).isEqualTo(outbox.stats().evictedTotal());
    TreeSet<Long> all = new TreeSet<>(evictedAtHub);
    stored.forEach(
        r -> assertThat(all.add(r.getSeq())).as("seq %d stored and evicted", r.getSeq()).isTrue());
    assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
    assertThat(hub.uptoSeq(GATEWAY, epoch)).contains(last);
  }

  /** Telemetry from three series, an alarm now and then, a card tap every round. */
  private List<Long> fillWhileOffline(OutboxSink sink) throws Exception {
    int taps = 0;
    int events = 0;
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < READINGS_PER_ROUND; i++) {
        String metric = List.of("co2", "temperature", "noise").get(i % 3);
        sink.reading(
            Reading.newBuilder()
                .setDeviceId("a101-climate")
                .setMetric(metric)
                .setSourceTimeMs(System.currentTimeMillis())
                .setDoubleValue(400 + i)
                .setUnit("[ppm]")
                .setQualityReason("padding to make the reading weigh ~100 bytes, as real ones do")
                .build());
      }
      if (events < EVENTS) {
        sink.equipmentEvent(
            EquipmentEvent.newBuilder()
                .setDeviceId("lab-fridge")
                .setKind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED)
                .setMessage("temperature above 8 °C")
                .build());
        events++;
      }
      if (taps < TAPS) {
        sink.cardTap(
            CardTap.newBuilder()
                .setReaderId("door-a101")
                .setCardRef(ByteString.copyFrom(new byte[32]))
                .setSourceTimeMs(System.currentTimeMillis())
                .build());
        taps++;
      }
    }
    outbox.flush().get(30, TimeUnit.SECONDS);
    return outbox.pendingAfter(0, 1_000_000).stream()
        .filter(r -> r.lane().name().equals("ATTENDANCE"))
        .map(r -> r.seq())
        .toList();
  }

  private long lastSeq() throws Exception {
    List<Long> pending = new ArrayList<>();
    outbox.pendingAfter(0, 1_000_000).forEach(r -> pending.add(r.seq()));
    long lastEvicted =
        outbox.evictedBetween(0, Long.MAX_VALUE).stream().mapToLong(r -> r.last()).max().orElse(0);
    return Math.max(pending.get(pending.size() - 1), lastEvicted);
  }

  private AgentConfig config(String brokerUrl) {
    return new AgentConfig(
        HubUnderTest.SITE,
        GATEWAY,
        dir.resolve("agent"),
        new AgentConfig.Broker(brokerUrl, Optional.of(GATEWAY), Optional.of(PASSWORD)),
        List.of(new AgentConfig.Room("A101", "Lớp 10A1")),
        List.of(),
        new AgentConfig.UplinkSettings(200, Duration.ofSeconds(3), Duration.ofMillis(500)),
        new AgentConfig.ClockSettings(true),
        new AgentConfig.OutboxSettings(96 * 1024, 32 * 1024, Duration.ofDays(30), 4));
  }
}
