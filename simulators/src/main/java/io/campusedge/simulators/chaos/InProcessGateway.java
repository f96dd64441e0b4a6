package io.campusedge.simulators.chaos;

import com.google.protobuf.ByteString;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.clock.TimesyncProbe;
import io.campusedge.agent.internal.outbox.DiskFullException;
import io.campusedge.agent.internal.outbox.DiskFullOutbox;
import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.agent.internal.uplink.PahoUplink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own H2 outbox (fsync'd group commit, lanes, eviction) and Paho uplink in this JVM,
 * fed like a classroom door and lab bench every 100 ms: five readings, a card tap every second
 * poll, an equipment alarm every tenth. Each record's seq and lane are taken from the outbox's
 * answer once it is durable, so the report knows exactly what was handed over.
 *
 * <p>The outbox is wrapped as in the agent ({@link DiskFullOutbox}), and its data folder can sit on
 * a small tmpfs ({@link SmallDisk}) that a filler file fills up, for a real ENOSPC. The outbox
 * names every seq it evicts, so the report can reconcile the agent's counters with what the hub
 * holds.
 */
final class InProcessGateway implements ChaosGateway {
  private static final Logger log = LoggerFactory.getLogger(InProcessGateway.class);
  private static final List<String> METRICS =
      List.of("co2", "temperature", "humidity", "illuminance", "noise");

  private final String id;
  private final Path dir;
  private final TcpProxy proxy;
  private final int outboxKib;
  private final Optional<SmallDisk> disk;
  private final Map<Lane, AtomicLong> handed = counters();
  private final Map<Lane, AtomicLong> heldWhileFull = counters();
  private final Map<Lane, AtomicLong> failed = counters();
  private final Map<Lane, NavigableSet<Long>> evicted = new EnumMap<>(Lane.class);
  private volatile Instant diskFilled;
  private volatile Duration diskFullFor;
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
  private DiskFullOutbox outbox;
  private PahoUplink uplink;
  private AgentClock clock;
  private long polls;

  /** {@code diskKib} above 0 mounts a tmpfs of that size on the data folder (root only). */
  InProcessGateway(String id, Path dir, TcpProxy proxy, int outboxKib, int diskKib)
      throws IOException, ChaosPrerequisiteException {
    this.id = id;
    this.dir = dir;
    this.proxy = proxy;
    this.outboxKib = outboxKib;
    for (Lane lane : Lane.values()) {
      evicted.put(lane, new ConcurrentSkipListSet<>());
    }
    this.disk = diskKib > 0 ? Optional.of(SmallDisk.mount(dataDir(), diskKib)) : Optional.empty();
  }

  private static Map<Lane, AtomicLong> counters() {
    Map<Lane, AtomicLong> counters = new EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) {
      counters.put(lane, new AtomicLong());
    }
    return counters;
  }

  private Path dataDir() {
    return dir.resolve("agent-data");
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
        dataDir(),
        new AgentConfig.Broker(proxy.url(), Optional.of(id), Optional.of(password())),
        List.of(new AgentConfig.Room("LAB1", "Phòng thí nghiệm 1")),
        List.of(),
        // A state every second, so the hub hears of a full disk at once.
        new AgentConfig.UplinkSettings(
            200,
            AgentConfig.UplinkSettings.DEFAULT_MAX_BATCH_BYTES,
            AgentConfig.UplinkSettings.DEFAULT_LINGER,
            Duration.ofSeconds(3),
            Duration.ofMillis(500),
            Duration.ofSeconds(1)),
        new AgentConfig.ClockSettings(true),
        outboxSettings);
  }

  @Override
  public void start() throws Exception {
    AgentConfig config = config();
    clock = new AgentClock(wall, TimesyncProbe.assumeSynced());
    outbox =
        new DiskFullOutbox(
            () -> {
              H2Outbox h2 = H2Outbox.open(config.outboxFile(), clock.wall(), id, config.outbox());
              h2.onEvicted(this::rememberEvicted);
              return h2;
            },
            config.dataDir(),
            clock.wall(),
            id,
            DiskFullOutbox.DEFAULT_HELD_LIMIT,
            Duration.ofMillis(500),
            64 * 1024);
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
    handed.get(lane).incrementAndGet();
    outbox
        .append(lane, record.setClock(clock.state()).build())
        .whenComplete(
            (seq, failure) -> {
              if (failure == null) {
                durable.put(seq, lane);
                return;
              }
              Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
              if (cause instanceof DiskFullException full && full.heldInMemory()) {
                heldWhileFull.get(lane).incrementAndGet();
              } else if (!(cause instanceof DiskFullException)) {
                failed.get(lane).incrementAndGet();
                log.warn("Gateway {}: a {} record was refused: {}", id, lane.column(), cause);
              }
            });
  }

  private void rememberEvicted(Map<Lane, List<EvictedRange>> byLane) {
    byLane.forEach(
        (lane, ranges) ->
            ranges.forEach(
                range ->
                    LongStream.rangeClosed(range.first(), range.last())
                        .forEach(evicted.get(lane)::add)));
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

  /** Fills the tmpfs under the outbox and waits until the outbox reports the full disk. */
  void fillDisk(Duration patience) throws Exception {
    SmallDisk small = smallDisk();
    long filler = small.fill();
    diskFilled = Instant.now();
    log.info("Gateway {}: filler of {} KiB written, the disk is full", id, filler / 1024);
    Waits.until(
        patience,
        id + ": the outbox meets the full disk (ENOSPC)",
        () -> outbox.stats().diskFull().isPresent());
  }

  /** Deletes the filler and waits until the outbox writes again with nothing held in memory. */
  void freeDisk(Duration patience) throws Exception {
    smallDisk().free();
    Waits.until(
        patience,
        id + ": the outbox writes again once the disk has space",
        () -> {
          var stats = outbox.stats();
          return stats.diskFull().isEmpty() && stats.heldInMemoryTotal() == 0;
        });
    if (diskFilled != null) {
      diskFullFor = Duration.between(diskFilled, Instant.now());
    }
  }

  private SmallDisk smallDisk() {
    return disk.orElseThrow(() -> new IllegalStateException(id + " has no small disk"));
  }

  /** Whether the outbox reports a full disk now (what the gateway state tells the hub). */
  boolean diskFullNow() throws OutboxException {
    return outbox.stats().diskFull().isPresent();
  }

  /** Records of each lane handed to the outbox, whatever became of them. */
  Map<Lane, Long> handedOver() {
    return snapshot(handed);
  }

  /** Card taps and events the full disk kept in memory (stored later, with new seqs). */
  Map<Lane, Long> heldWhileDiskFull() {
    return snapshot(heldWhileFull);
  }

  /** Records refused for a reason other than a full disk: lost unless the hub has them. */
  Map<Lane, Long> refused() {
    return snapshot(failed);
  }

  /** Dropped (and counted) by the outbox while the disk was full, per lane. */
  Map<Lane, Long> droppedWhileDiskFull() throws OutboxException {
    Map<Lane, Long> dropped = new EnumMap<>(Lane.class);
    var lanes = outbox.stats().lanes();
    for (Lane lane : Lane.values()) {
      var status = lanes.get(lane.column());
      dropped.put(lane, status == null ? 0 : status.droppedDiskFull());
    }
    return dropped;
  }

  Optional<Duration> diskFullFor() {
    return Optional.ofNullable(diskFullFor);
  }

  boolean hasSmallDisk() {
    return disk.isPresent();
  }

  /** Every seq the outbox evicted, with its lane, as the outbox named them. */
  Map<Lane, NavigableSet<Long>> evictedSeqs() {
    return evicted;
  }

  private static Map<Lane, Long> snapshot(Map<Lane, AtomicLong> counters) {
    Map<Lane, Long> copy = new EnumMap<>(Lane.class);
    counters.forEach((lane, count) -> copy.put(lane, count.get()));
    return copy;
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
  public void close() throws IOException {
    feeder.shutdownNow();
    if (uplink != null) {
      uplink.close();
    }
    if (outbox != null) {
      outbox.close();
    }
    if (disk.isPresent()) {
      disk.get().close();
    }
  }
}
