package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.environment.AlertRules;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.store.BatchOutcome;
import io.campusedge.hub.internal.store.GatewayInventoryStore;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.KnownDevice;
import io.campusedge.hub.internal.store.KnownRoom;
import io.campusedge.hub.internal.store.RecordStore;
import io.campusedge.hub.internal.store.RegisteredGateway;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;

/** Several batches in one transaction, one ack per gateway, and the one-by-one fallback. */
class BatchIngestTest {
  private static final String UNFIT_METRIC = "unfit";
  private final FakeRecords records = new FakeRecords();
  private final List<String> published = new CopyOnWriteArrayList<>();
  private final Map<String, Ack> lastAck = new ConcurrentHashMap<>();
  private final IngestStats stats = new IngestStats();
  private final LiveState live = new LiveState(records, new NoInventory());
  private final LiveEvents events =
      new LiveEvents(live, new TwoGateways(), new EventsConfig(10, Duration.ofSeconds(15)));
  private final BatchIngest ingest = ingest(1);

  private BatchIngest ingest(int parallelTransactions) {
    return new BatchIngest(
        new TwoGateways(),
        records,
        live,
        stats,
        new RecordingBroker(),
        nanos -> {},
        events,
        // No decision is due in these tests (no room, no time passing): no alert store needed.
        new AlertRules(
            null,
            live,
            EnvironmentConfig.defaults(),
            new TwoGateways(),
            null,
            AttendanceConfig.defaults()),
        parallelTransactions);
  }

  @Test
  void aLargeGroupIsStoredInParallelTransactionsByGatewayThenAckedAsOne() {
    BatchIngest parallel = ingest(3);
    // 3,000 records: above the size from which a group is split; gw-a and gw-b hash apart.
    parallel
        .acceptAll(List.of(data("gw-a", 1, 1000), data("gw-b", 1, 1000), data("gw-a", 1001, 2000)))
        .join();

    assertThat(records.threads).hasSize(2).allMatch(name -> name.startsWith("hub-ingest-lane-"));
    assertThat(records.transactions).containsExactlyInAnyOrder(2, 1);
    assertThat(lastAck.get("gw-a").getUptoSeq()).isEqualTo(2000);
    assertThat(lastAck.get("gw-b").getUptoSeq()).isEqualTo(1000);
    assertThat(stats.snapshot().recordsStored()).isEqualTo(3000);

    // A small group stays one transaction on the ingest worker.
    records.threads.clear();
    assertThat(parallel.acceptAll(List.of(data("gw-a", 2001, 2006), data("gw-b", 1001, 1006))))
        .isDone();
    assertThat(records.threads).containsExactly(Thread.currentThread().getName());
    assertThat(records.transactions).endsWith(2);
    parallel.close();
  }

  @Test
  void theWorkerHandsOverTheNextLargeGroupWhileALaneCommitsAndEachGatewayStaysInOrder()
      throws Exception {
    BatchIngest parallel = ingest(3);
    records.hold("gw-a");
    CompletableFuture<Void> first =
        parallel.acceptAll(List.of(data("gw-a", 1, 1000), data("gw-b", 1, 1000)));
    await().atMost(Duration.ofSeconds(10)).until(() -> records.held.get() == 1);

    // gw-a's lane is held mid-transaction: the worker still hands the next group over, and gw-b's
    // lane stores its part of it; gw-a's part waits behind the held one in its lane.
    CompletableFuture<Void> second =
        parallel.acceptAll(List.of(data("gw-a", 1001, 2000), data("gw-b", 1001, 2000)));
    await().atMost(Duration.ofSeconds(10)).until(() -> lastAck.containsKey("gw-b"));
    await().atMost(Duration.ofSeconds(10)).until(() -> lastAck.get("gw-b").getUptoSeq() == 2000);
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(lastAck).doesNotContainKey("gw-a");

    // A small group waits for the lanes, so gw-a's batches are stored in the order they came.
    CompletableFuture<CompletableFuture<Void>> small =
        CompletableFuture.supplyAsync(() -> parallel.acceptAll(List.of(data("gw-a", 2001, 2002))));
    Thread.sleep(200);
    assertThat(small).isNotDone();

    records.release();
    small.get(10, TimeUnit.SECONDS).join();
    assertThat(first).isDone();
    assertThat(second).isDone();
    assertThat(records.firstSeqs.get("gw-a")).containsExactly(1L, 1001L, 2001L);
    assertThat(records.firstSeqs.get("gw-b")).containsExactly(1L, 1001L);
    assertThat(lastAck.get("gw-a").getUptoSeq()).isEqualTo(2002);
    parallel.close();
  }

  @Test
  void storedReadingsReachLiveEventSubscribersWithTheirSite() {
    List<LiveEvent> seen = new CopyOnWriteArrayList<>();
    Disposable subscription = events.subscribe("test", event -> true).subscribe(seen::add);

    ingest.acceptAll(List.of(data("gw-a", 1, 2)));

    // Sent to clients on Reactor's threads, not the ingest worker's.
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 2);
    assertThat(seen)
        .hasSize(2)
        .allSatisfy(event -> assertThat(event.site()).isEqualTo("s1"))
        .allSatisfy(event -> assertThat(event).isInstanceOf(LiveEvent.ReadingEvent.class));
    subscription.dispose();
    assertThat(events.subscriberCount()).isZero();
  }

  @Test
  void aSubscriberThatDoesNotKeepUpIsDroppedWithoutHoldingUpIngestion() {
    List<LiveEvent> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean completed = new AtomicBoolean();
    BaseSubscriber<LiveEvent> stuck =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(1); // then never again
          }

          @Override
          protected void hookOnNext(LiveEvent event) {
            seen.add(event);
          }

          @Override
          protected void hookOnComplete() {
            completed.set(true);
          }
        };
    events.subscribe("slow", event -> true).subscribe(stuck);

    ingest.acceptAll(List.of(data("gw-a", 1, 20)));

    assertThat(records.transactions).containsExactly(1);
    await().atMost(Duration.ofSeconds(5)).untilTrue(completed);
    // Its stream ends at once: the one event it asked for may be discarded with it.
    assertThat(seen).hasSizeLessThanOrEqualTo(1);
    assertThat(events.droppedCount()).isEqualTo(1);
    assertThat(events.subscriberCount()).isZero();
  }

  @Test
  void batchesQueuedTogetherAreStoredInOneTransactionAndEachGatewayAckedOnce() {
    ingest.acceptAll(
        List.of(data("gw-a", 1, 2), data("gw-b", 1, 1), data("gw-a", 3, 5), data("gw-a", 6, 6)));

    assertThat(records.transactions).containsExactly(4);
    assertThat(published).containsExactly(ackTopic("gw-a"), ackTopic("gw-b"));
    assertThat(lastAck.get("gw-a").getUptoSeq()).isEqualTo(6);
    assertThat(lastAck.get("gw-b").getUptoSeq()).isEqualTo(1);
    assertThat(stats.snapshot().batchesAccepted()).isEqualTo(4);
    assertThat(stats.snapshot().recordsStored()).isEqualTo(7);
  }

  @Test
  void aReadingKeptOnlyAsItsRecordIsCountedAndTheBatchStillAcked() {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId("gw-a").setEpoch(9);
    batch.addRecords(
        Record.newBuilder()
            .setSeq(1)
            .setReading(Reading.newBuilder().setDeviceId("scd1").setMetric(UNFIT_METRIC)));
    List<LiveEvent> seen = new CopyOnWriteArrayList<>();
    Disposable subscription = events.subscribe("test", event -> true).subscribe(seen::add);

    ingest.acceptAll(
        List.of(
            new BatchIngest.DataMessage(address("gw-a"), batch.build().toByteArray()),
            data("gw-a", 2, 2)));

    assertThat(lastAck.get("gw-a").getUptoSeq()).isEqualTo(2);
    assertThat(stats.snapshot().rejected()).containsEntry("record_unfit", 1L);
    assertThat(stats.snapshot().recordsStored()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
    subscription.dispose();
    assertThat(seen)
        .singleElement()
        .satisfies(event -> assertThat(((LiveEvent.ReadingEvent) event).metric()).isEqualTo("co2"));
  }

  @Test
  void whenTheGroupTransactionFailsEachBatchIsTriedAloneAndOnlyTheBadOneIsNotAcked() {
    records.failGroupsAndGateway("gw-b");

    ingest.acceptAll(List.of(data("gw-a", 1, 2), data("gw-b", 1, 1)));

    assertThat(records.transactions).containsExactly(1); // gw-a alone; gw-b failed again
    assertThat(published).containsExactly(ackTopic("gw-a"));
    assertThat(stats.snapshot().rejected()).containsEntry("store_failed", 1L);
  }

  @Test
  void anAckTheClientCannotTakeNowIsSentLaterAndOnlyTheNewestPerGateway() {
    full = true;
    ingest.acceptAll(List.of(data("gw-a", 1, 2)));
    ingest.acceptAll(List.of(data("gw-a", 3, 4)));
    assertThat(published).isEmpty();

    full = false;
    ingest.retryAcks();
    ingest.retryAcks();

    assertThat(published).containsExactly(ackTopic("gw-a"));
    assertThat(lastAck.get("gw-a").getUptoSeq()).isEqualTo(4);
  }

  @Test
  void invalidMessagesAreRejectedWithoutHoldingUpTheValidOnes() {
    ingest.acceptAll(
        List.of(
            new BatchIngest.DataMessage(address("gw-a"), new byte[] {1, 2, 3}),
            data("gw-x", 1, 1),
            data("gw-a", 1, 1)));

    assertThat(records.transactions).containsExactly(1);
    assertThat(published).containsExactly(ackTopic("gw-a"));
    assertThat(stats.snapshot().rejected())
        .containsEntry("malformed_payload", 1L)
        .containsEntry("unknown_gateway", 1L);
  }

  private static BatchIngest.DataMessage data(String gateway, long fromSeq, long toSeq) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId(gateway).setEpoch(9);
    for (long seq = fromSeq; seq <= toSeq; seq++) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(seq)
              .setReading(
                  Reading.newBuilder()
                      .setDeviceId("scd1")
                      .setMetric("co2")
                      .setSourceTimeMs(1_770_000_000_000L + seq)
                      .setDoubleValue(400 + seq)
                      .setUnit("[ppm]")));
    }
    return new BatchIngest.DataMessage(address(gateway), batch.build().toByteArray());
  }

  private static Topics.Address address(String gateway) {
    return Topics.parse(Topics.topic("s1", gateway, Topics.Kind.DATA)).orElseThrow();
  }

  private static String ackTopic(String gateway) {
    return Topics.topic("s1", gateway, Topics.Kind.ACK);
  }

  /** Counts transactions (by size); acks up to the last seq of each stream. */
  private static final class FakeRecords implements RecordStore {
    final List<Integer> transactions = new CopyOnWriteArrayList<>();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    // Per gateway, the first seq of each batch in the order they were stored.
    final Map<String, List<Long>> firstSeqs = new ConcurrentHashMap<>();
    final AtomicInteger held = new AtomicInteger();
    private final Map<String, Long> upto = new ConcurrentHashMap<>();
    private volatile String failingGateway = "";
    private volatile String heldGateway = "";
    private final CountDownLatch holding = new CountDownLatch(1);

    /** Transactions holding a batch of this gateway wait until {@link #release}. */
    void hold(String gateway) {
      heldGateway = gateway;
    }

    void release() {
      holding.countDown();
    }

    /** Stands for a reading the database columns cannot hold. */
    static boolean unfit(Record record) {
      return record.getReading().getMetric().equals(UNFIT_METRIC);
    }

    void failGroupsAndGateway(String gateway) {
      failingGateway = gateway;
    }

    @Override
    public BatchOutcome store(Batch batch) {
      return storeAll(List.of(batch)).get(0);
    }

    @Override
    public List<BatchOutcome> storeAll(List<Batch> batches) {
      if (!failingGateway.isEmpty()
          && (batches.size() > 1 || batches.get(0).getGatewayId().equals(failingGateway))) {
        throw new IllegalStateException("deadlock detected");
      }
      if (batches.stream().anyMatch(batch -> batch.getGatewayId().equals(heldGateway))) {
        held.incrementAndGet();
        try {
          holding.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      transactions.add(batches.size());
      threads.add(Thread.currentThread().getName());
      for (Batch batch : batches) {
        firstSeqs
            .computeIfAbsent(batch.getGatewayId(), gateway -> new CopyOnWriteArrayList<>())
            .add(batch.getRecords(0).getSeq());
      }
      List<BatchOutcome> outcomes = new ArrayList<>();
      for (Batch batch : batches) {
        long last = batch.getRecords(batch.getRecordsCount() - 1).getSeq();
        upto.merge(batch.getGatewayId(), last, Math::max);
        outcomes.add(
            new BatchOutcome(
                batch.getEpoch(),
                upto.get(batch.getGatewayId()),
                batch.getRecordsCount(),
                0,
                false,
                batch.getRecordsList().stream()
                    .filter(record -> record.hasReading() && !unfit(record))
                    .map(record -> StoredReading.of(batch.getGatewayId(), record.getReading()))
                    .toList(),
                List.of(),
                batch.getRecordsList().stream()
                    .filter(FakeRecords::unfit)
                    .map(record -> "seq " + record.getSeq() + ": too long")
                    .toList()));
      }
      return outcomes;
    }

    @Override
    public List<StoredReading> latestReadings() {
      return List.of();
    }
  }

  private boolean full;

  private final class RecordingBroker implements BrokerConnection {
    @Override
    public void start(MessageHandler handler) {}

    @Override
    public boolean isConnected() {
      return true;
    }

    @Override
    public boolean publish(String topic, byte[] payload) {
      if (full) {
        return false;
      }
      published.add(topic);
      try {
        lastAck.put(Topics.parse(topic).orElseThrow().gateway(), Ack.parseFrom(payload));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return true;
    }

    @Override
    public void stopReceiving() {}

    @Override
    public void close() {}
  }

  private static final class TwoGateways implements GatewayRegistry {
    @Override
    public Optional<RegisteredGateway> find(String gatewayId) {
      return gatewayId.equals("gw-a") || gatewayId.equals("gw-b")
          ? Optional.of(new RegisteredGateway(gatewayId, "s1"))
          : Optional.empty();
    }

    @Override
    public Optional<RegisteredGateway> authenticate(String gatewayId, byte[] passwordUtf8) {
      return find(gatewayId);
    }

    @Override
    public void register(String gatewayId, String site, String password) {}
  }

  private static final class NoInventory implements GatewayInventoryStore {
    @Override
    public void apply(GatewayState state) {}

    @Override
    public void touch(Map<String, Instant> heard) {}

    @Override
    public List<String> markOffline(Instant cutoff) {
      return List.of();
    }

    @Override
    public List<KnownRoom> rooms() {
      return List.of();
    }

    @Override
    public List<KnownDevice> devices() {
      return List.of();
    }
  }
}
