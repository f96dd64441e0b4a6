package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded queue and its worker, with a fake store that can be made to hang. */
class IngestQueueTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final FakeStore store = new FakeStore();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private IngestQueue queue;

  @AfterEach
  void stop() {
    store.release();
    if (queue != null) {
      queue.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void aMessageIsAcknowledgedOnlyAfterItsGroupIsCommitted() {
    queue = new IngestQueue(10, 4, 1, store);

    for (int i = 0; i < 20; i++) {
      queue.onMessage(delivery("m" + i));
    }

    await().atMost(PATIENCE).until(() -> acknowledged.size() == 20);
    assertThat(store.committed).hasSize(20);
    assertThat(store.ackedWhileStoring).isEmpty();
  }

  @Test
  void whatQueuedUpWhileTheStoreWasBusyIsStoredTogetherUpToTheGroupSize() throws Exception {
    queue = new IngestQueue(20, 4, 1, store);
    store.hang();
    queue.onMessage(delivery("first"));
    await().atMost(PATIENCE).until(() -> store.storing.get() == 1);

    for (int i = 0; i < 9; i++) {
      queue.onMessage(delivery("m" + i));
    }
    store.release();

    await().atMost(PATIENCE).until(() -> acknowledged.size() == 10);
    assertThat(store.groupSizes).containsExactly(1, 4, 4, 1);
    assertThat(queue.groups()).isEqualTo(4);
  }

  @Test
  void aFullQueueMakesTheMqttThreadWaitInsteadOfGrowing() throws Exception {
    queue = new IngestQueue(3, 100, 1, store);
    store.hang();
    queue.onMessage(delivery("first"));
    await().atMost(PATIENCE).until(() -> store.storing.get() == 1);
    AtomicInteger handedOver = new AtomicInteger();
    Thread mqttThread =
        new Thread(
            () -> {
              for (int i = 0; i < 9; i++) {
                queue.onMessage(delivery("m" + i));
                handedOver.incrementAndGet();
              }
            });
    mqttThread.start();

    // One in the (hanging) store, three queued; the next one waits for room.
    await().atMost(PATIENCE).until(() -> handedOver.get() == 3 && queue.depth() == 3);
    await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> handedOver.get() == 3);
    assertThat(acknowledged).isEmpty();

    store.release();
    mqttThread.join(PATIENCE.toMillis());
    await().atMost(PATIENCE).until(() -> acknowledged.size() == 10);
    assertThat(queue.maxDepth()).isLessThanOrEqualTo(3);
  }

  @Test
  void closingStoresAndAcknowledgesWhatIsQueued() {
    queue = new IngestQueue(50, 5, 1, store);
    store.hang();
    for (int i = 0; i < 30; i++) {
      queue.onMessage(delivery("m" + i));
    }
    store.release();

    queue.close(PATIENCE);

    assertThat(acknowledged).hasSize(30);
    assertThat(store.committed).hasSize(30);
    queue.onMessage(delivery("late"));
    assertThat(acknowledged).doesNotContain("late");
  }

  @Test
  void aStoreThatThrowsDoesNotStopTheWorker() {
    queue = new IngestQueue(10, 1, 1, store);
    store.failOn("bad");

    queue.onMessage(delivery("bad"));
    queue.onMessage(delivery("good"));

    await().atMost(PATIENCE).until(() -> acknowledged.containsAll(List.of("bad", "good")));
    assertThat(store.committed).containsExactly("good");
  }

  @Test
  void roomToPublishWakesTheIdleWorkerAtOnceNotAtItsNextTick() {
    queue = new IngestQueue(10, 4, 1, store, 600_000); // idle work only every ten minutes otherwise

    for (int i = 0; i < 3; i++) {
      int before = store.idles.get();
      queue.roomToPublish();
      await().atMost(PATIENCE).until(() -> store.idles.get() > before);
    }
    for (int i = 0; i < 100; i++) {
      queue.roomToPublish();
    }
    assertThat(queue.depth()).as("at most one wake queued").isLessThanOrEqualTo(1);

    queue.onMessage(delivery("m1"));
    await().atMost(PATIENCE).until(() -> acknowledged.contains("m1"));
    assertThat(store.committed).containsExactly("m1"); // a wake is never stored
    assertThat(store.groupSizes).containsExactly(1);
  }

  @Test
  void aWakeQueuedBehindMessagesIsDroppedFromTheGroupAndItsIdleWorkFollowsTheGroup() {
    queue = new IngestQueue(10, 4, 1, store, 600_000);
    store.hang();
    queue.onMessage(delivery("a"));
    await().atMost(PATIENCE).until(() -> store.storing.get() == 1);
    queue.onMessage(delivery("b"));
    queue.roomToPublish();
    queue.onMessage(delivery("c"));
    assertThat(store.idles.get()).isZero();

    store.release();

    await().atMost(PATIENCE).until(() -> acknowledged.containsAll(List.of("a", "b", "c")));
    assertThat(store.committed).containsExactly("a", "b", "c");
    assertThat(store.groupSizes).containsExactly(1, 2);
    await().atMost(PATIENCE).until(() -> store.idles.get() == 1);
  }

  private Delivery delivery(String name) {
    return new Delivery(
        "campusedge/v1/s1/gw/data",
        name.getBytes(StandardCharsets.UTF_8),
        () -> acknowledged.add(name));
  }

  /** Commits groups; can hang mid-store or throw, and checks no ack came before the commit. */
  private final class FakeStore implements IngestQueue.GroupHandler {
    final List<String> committed = new CopyOnWriteArrayList<>();
    final List<String> ackedWhileStoring = new CopyOnWriteArrayList<>();
    final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger storing = new AtomicInteger();
    final AtomicInteger idles = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile String failing = "";

    void hang() {
      gate = new CountDownLatch(1);
    }

    void release() {
      gate.countDown();
    }

    void failOn(String name) {
      failing = name;
    }

    @Override
    public void idle() {
      idles.incrementAndGet();
    }

    @Override
    public CompletableFuture<Void> handle(List<Delivery> group) {
      storing.incrementAndGet();
      groupSizes.add(group.size());
      List<String> names = new ArrayList<>();
      for (Delivery delivery : group) {
        String name = new String(delivery.payload(), StandardCharsets.UTF_8);
        if (acknowledged.contains(name)) {
          ackedWhileStoring.add(name);
        }
        names.add(name);
      }
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (names.contains(failing)) {
        throw new IllegalStateException("database down");
      }
      committed.addAll(names);
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Stores on other threads: each group's future is completed by the test, in any order. */
  private final class LaterStore implements IngestQueue.GroupHandler {
    final List<List<String>> handedOver = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> stored = new CopyOnWriteArrayList<>();
    final List<String> ackedBeforeStored = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> handle(List<Delivery> group) {
      List<String> names = new ArrayList<>();
      for (Delivery delivery : group) {
        names.add(new String(delivery.payload(), StandardCharsets.UTF_8));
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      handedOver.add(names);
      stored.add(done);
      return done;
    }

    /** Completes group {@code index} from another thread, as a lane would. */
    void store(int index) throws Exception {
      List<String> names = handedOver.get(index);
      Thread lane =
          new Thread(
              () -> {
                names.stream().filter(acknowledged::contains).forEach(ackedBeforeStored::add);
                stored.get(index).complete(null);
              });
      lane.start();
      lane.join();
    }
  }

  @Test
  void theNextGroupIsHandedOverWhileTheFirstIsStoredAndAcksKeepArrivalOrder() throws Exception {
    LaterStore later = new LaterStore();
    List<String> ackOrder = new CopyOnWriteArrayList<>();
    queue = new IngestQueue(20, 2, 2, later);
    for (String name : List.of("a", "b", "c", "d", "e", "f")) {
      queue.onMessage(
          new Delivery(
              "campusedge/v1/s1/gw/data",
              name.getBytes(StandardCharsets.UTF_8),
              () -> {
                ackOrder.add(name);
                acknowledged.add(name);
              }));
    }

    // Two groups handed over, none stored: the next waits for room.
    await().atMost(PATIENCE).until(() -> later.handedOver.size() == 2);
    await()
        .during(Duration.ofMillis(300))
        .atMost(PATIENCE)
        .until(() -> later.handedOver.size() == 2);
    assertThat(queue.groupsInFlight()).isEqualTo(2);
    List<String> firstTwo = new ArrayList<>(later.handedOver.get(0));
    firstTwo.addAll(later.handedOver.get(1));

    later.store(1); // the second group commits first: its messages wait for the first's
    await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(ackOrder::isEmpty);
    assertThat(later.handedOver).hasSize(2);

    later.store(0);
    await().atMost(PATIENCE).until(() -> ackOrder.size() == firstTwo.size());
    assertThat(ackOrder).containsExactlyElementsOf(firstTwo);
    for (int next = 2; ackOrder.size() < 6; next++) {
      int group = next;
      await().atMost(PATIENCE).until(() -> later.handedOver.size() > group);
      later.store(group);
      await()
          .atMost(PATIENCE)
          .until(() -> queue.groupsInFlight() <= later.handedOver.size() - group - 1);
    }
    assertThat(ackOrder).containsExactly("a", "b", "c", "d", "e", "f");
    assertThat(later.ackedBeforeStored).isEmpty();
    assertThat(queue.groups()).isEqualTo(later.handedOver.size());
    assertThat(queue.groupsInFlight()).isZero();
  }

  /** m1 and m2 handed over as two groups, neither stored yet. */
  private LaterStore twoGroupsHandedOver() {
    LaterStore later = new LaterStore();
    queue = new IngestQueue(20, 1, 3, later);
    queue.onMessage(delivery("m1"));
    queue.onMessage(delivery("m2"));
    await().atMost(PATIENCE).until(() -> later.handedOver.size() == 2);
    return later;
  }

  @Test
  void closingWaitsForTheGroupsBeingStoredAndAFailedOneIsStillAcknowledged() throws Exception {
    LaterStore later = twoGroupsHandedOver();
    Thread closing = new Thread(() -> queue.close(PATIENCE));
    closing.start();
    Thread.sleep(200);
    assertThat(closing.isAlive()).as("waits for the groups in flight").isTrue();

    later.stored.get(1).complete(null);
    later.stored.get(0).completeExceptionally(new IllegalStateException("unexpected"));
    closing.join(PATIENCE.toMillis());

    assertThat(closing.isAlive()).isFalse();
    assertThat(acknowledged).containsExactlyInAnyOrder("m1", "m2");
  }

  @Test
  void aStopThatGaveUpWaitingAcknowledgesNothingStoredAfterIt() throws Exception {
    LaterStore later = twoGroupsHandedOver();

    queue.close(Duration.ofMillis(200)); // gives up before either commits
    later.store(1);
    later.store(0);

    assertThat(acknowledged).isEmpty();
  }
}
