package io.campusedge.simulators.chaos;

import com.google.protobuf.ByteString;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.clock.TimesyncProbe;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.agent.internal.uplink.PahoUplink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own H2 outbox (fsync'd group commit, lanes, eviction) and Paho uplink in this JVM,
 * fed like a classroom door and lab bench every 100 ms: five readings, a card tap every second
 * poll, an equipment alarm every tenth. Each record's seq and lane are taken from the outbox's
 * answer once it is durable, so the report knows exactly what was handed over.
 */
final class InProcessGateway implements ChaosGateway {
  private static final Logger log = LoggerFactory.getLogger(InProcessGateway.class);
  private static final List<String> METRICS =
      List.of("co2", "temperature", "humidity", "illuminance", "noise");

  private final String id;
  private final Path dir;
  private final TcpProxy proxy;
  private final int outboxKib;
  private final SkewableClock wall = new SkewableClock();
  private final NavigableMap<Long, Lane> durable = new ConcurrentSkipListMap<>();
  private final Random random = new Random(13);
  private final ScheduledExecutorService feeder =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "chaos-feeder");
            thread.setDaemon(true);
            return thread;
          });
  private H2Outbox outbox;
  private PahoUplink uplink;
  private AgentClock clock;
  private long polls;

  InProcessGateway(String id, Path dir, TcpProxy proxy, int outboxKib) {
    this.id = id;
    this.dir = dir;
    this.proxy = proxy;
    this.outboxKib = outboxKib;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String password() {
    return ChaosGateway.password(id);
  }

  @Override
  public TcpProxy proxy() {
    return proxy;
  }

  private AgentConfig config() {
    AgentConfig.OutboxSettings defaults = AgentConfig.OutboxSettings.DEFAULTS;
    AgentConfig.OutboxSettings outboxSettings =
        outboxKib <= 0
            ? defaults
            : new AgentConfig.OutboxSettings(
                outboxKib * 1024L, outboxKib * 1024L / 3, defaults.maxAge(), 4);
    return new AgentConfig(
        HubUnderTest.SITE,
        id,
        dir.resolve("agent-data"),
        new AgentConfig.Broker(proxy.url(), Optional.of(id), Optional.of(password())),
        List.of(new AgentConfig.Room("LAB1", "Phòng thí nghiệm 1")),
        List.of(),
        new AgentConfig.UplinkSettings(200, Duration.ofSeconds(3), Duration.ofMillis(500)),
        new AgentConfig.ClockSettings(true),
        outboxSettings);
  }

  @Override
  public void start() throws Exception {
    AgentConfig config = config();
    clock = new AgentClock(wall, TimesyncProbe.assumeSynced());
    outbox = H2Outbox.open(config.outboxFile(), clock.wall(), id, config.outbox());
    uplink = new PahoUplink(config, outbox, clock);
    uplink.start();
    feeder.scheduleAtFixedRate(this::poll, 100, 100, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      long now = clock.wall().millis();
      for (String metric : METRICS) {
        append(Lane.TELEMETRY, Record.newBuilder().setReading(reading(metric, now)));
      }
      if (polls % 2 == 0) {
        byte[] ref = new byte[32];
        random.nextBytes(ref);
        append(
            Lane.ATTENDANCE,
            Record.newBuilder()
                .setCardTap(
                    CardTap.newBuilder()
                        .setReaderId("lab1-door")
                        .setCardRef(ByteString.copyFrom(ref))
                        .setSourceTimeMs(now)
                        .setKeyId("chaos")));
      }
      if (polls % 10 == 0) {
        append(
            Lane.EVENTS,
            Record.newBuilder()
                .setEquipmentEvent(
                    EquipmentEvent.newBuilder()
                        .setDeviceId("lab1-fridge")
                        .setSourceTimeMs(now)
                        .setKind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED)
                        .setAlarmCode("TEMP_HIGH-" + polls)
                        .setSeverity(Severity.SEVERITY_WARNING)
                        .setMessage("reagent fridge above 8 °C")));
      }
      polls++;
    } catch (RuntimeException e) {
      log.warn("Gateway {}: a poll failed: {}", id, e.toString());
    }
  }

  private Reading reading(String metric, long now) {
    return Reading.newBuilder()
        .setDeviceId("lab1-climate")
        .setMetric(metric)
        .setSourceTimeMs(now)
        .setDoubleValue(400 + random.nextInt(600))
        .setUnit("1")
        .build();
  }

  private void append(Lane lane, Record.Builder record) {
    outbox
        .append(lane, record.setClock(clock.state()).build())
        .thenAccept(seq -> durable.put(seq, lane));
  }

  /** A burst of telemetry, e.g. a data logger dumping its memory, while the link is down. */
  void fill(int readings) throws Exception {
    long now = clock.wall().millis();
    for (int i = 0; i < readings; i++) {
      append(
          Lane.TELEMETRY,
          Record.newBuilder()
              .setReading(
                  reading(METRICS.get(i % METRICS.size()), now + i).toBuilder()
                      .setDeviceId("lab1-logger")
                      .setQualityReason("logger backlog, padded to the size of real readings")));
    }
    outbox.flush().get(60, TimeUnit.SECONDS);
  }

  void skewClock(Duration by) {
    wall.skew(by);
  }

  @Override
  public void drain(HubUnderTest hub, Duration patience) throws Exception {
    feeder.shutdown();
    feeder.awaitTermination(10, TimeUnit.SECONDS);
    outbox.flush().get(60, TimeUnit.SECONDS);
    long last = durable.isEmpty() ? 0 : durable.lastKey();
    Waits.until(
        patience,
        id + ": the hub acks up to seq " + last,
        () -> hub.uptoSeq(id, outbox.epoch()).orElse(0L) >= last);
  }

  @Override
  public long epoch() {
    return outbox == null ? 0 : outbox.epoch();
  }

  @Override
  public NavigableMap<Long, Lane> durable() {
    return durable;
  }

  /** Evictions the outbox itself counted, per lane. */
  java.util.Map<String, Long> evictedByAgent() throws Exception {
    return outbox.stats().evictedByLane();
  }

  @Override
  public void close() {
    feeder.shutdownNow();
    if (uplink != null) {
      uplink.close();
    }
    if (outbox != null) {
      outbox.close();
    }
  }
}
