package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several ingest workers: a gateway's messages stay in order, acks leave in arrival order. */
class IngestQueueLanesTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final List<String> committed = new CopyOnWriteArrayList<>();
  private final List<String> acknowledged = new CopyOnWriteArrayList<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final AtomicInteger storingNow = new AtomicInteger();
  private final AtomicInteger mostStoringAtOnce = new AtomicInteger();
  private final AtomicInteger handlers = new AtomicInteger();
  private IngestQueue queue;

  @AfterEach
  void stop() {
    gates.values().forEach(CountDownLatch::countDown);
    if (queue != null) {
      queue.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void aGatewaysTopicsShareALaneAndManyGatewaysSpreadOverAll() {
    for (int gateway = 0; gateway < 50; gateway++) {
      String prefix = "campusedge/v1/school-" + (gateway % 3) + "/gw-" + gateway + "/";
      int lane = IngestQueue.lane(prefix + "data", 4);
      assertThat(IngestQueue.lane(prefix + "state", 4)).isEqualTo(lane);
      assertThat(IngestQueue.lane(prefix + "cmd/result", 4)).isEqualTo(lane);
    }
    int[] perLane = new int[4];
    for (int gateway = 0; gateway < 400; gateway++) {
      perLane[IngestQueue.lane("campusedge/v1/s1/gw-" + gateway + "/data", 4)]++;
    }
    for (int count : perLane) {
      assertThat(count).isBetween(60, 140);
    }
    assertThat(IngestQueue.lane("campusedge/v1/s1/gw-1/data", 1)).isZero();
    assertThat(IngestQueue.lane("short", 3)).isBetween(0, 2);
  }

  @Test
  void eachWorkerHasItsOwnHandlerAndTheyStoreAtTheSameTime() {
    queue = new IngestQueue(100, 10, 4, this::newHandler, 50);
    String gatewayA = gatewayInLane(0);
    String gatewayB = gatewayInLane(1);
    hold(gatewayA + ":1");
    hold(gatewayB + ":1");

    queue.onMessage(delivery(gatewayA, 1));
    queue.onMessage(delivery(gatewayB, 1));

    await().atMost(PATIENCE).until(() -> mostStoringAtOnce.get() == 2);
    assertThat(handlers.get()).isEqualTo(4);
    assertThat(queue.workers()).isEqualTo(4);
    assertThat(queue.capacity()).isEqualTo(100);
  }

  @Test
  void aLaneThatFinishesFirstHoldsItsAcknowledgementsUntilEarlierMessagesAreStored() {
    queue = new IngestQueue(100, 10, 2, this::newHandler, 50);
    String slow = gatewayInLane(0);
    String fast = gatewayInLane(1);
    hold(slow + ":1");

    queue.onMessage(delivery(slow, 1));
    queue.onMessage(delivery(fast, 1));
    queue.onMessage(delivery(fast, 2));

    await().atMost(PATIENCE).until(() -> committed.size() == 2);
    assertThat(committed).containsExactly(fast + ":1", fast + ":2");
    await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(acknowledged::isEmpty);

    release(slow + ":1");

    await().atMost(PATIENCE).until(() -> acknowledged.size() == 3);
    assertThat(acknowledged).containsExactly(slow + ":1", fast + ":1", fast + ":2");
  }

  @Test
  void everyGatewaysMessagesAreStoredInArrivalOrderAndAllAcknowledgedInThatOrder() {
    queue = new IngestQueue(64, 7, 3, this::newHandler, 50);
    List<String> sent = new ArrayList<>();
    for (int n = 1; n <= 200; n++) {
      for (int gateway = 0; gateway < 12; gateway++) {
        Delivery delivery = delivery("gw-" + gateway, n);
        sent.add(name(delivery));
        queue.onMessage(delivery);
      }
    }

    await().atMost(PATIENCE).until(() -> acknowledged.size() == sent.size());
    assertThat(acknowledged).containsExactlyElementsOf(sent);
    Map<String, Integer> lastSeq = new HashMap<>();
    for (String message : committed) {
      String gateway = message.substring(0, message.indexOf(':'));
      int seq = Integer.parseInt(message.substring(message.indexOf(':') + 1));
      assertThat(seq).as(message).isEqualTo(lastSeq.getOrDefault(gateway, 0) + 1);
      lastSeq.put(gateway, seq);
    }
    assertThat(committed).hasSize(sent.size());
  }

  @Test
  void closingStoresWhatEveryLaneHolds() {
    queue = new IngestQueue(100, 5, 4, this::newHandler, 50);
    for (int gateway = 0; gateway < 20; gateway++) {
      queue.onMessage(delivery("gw-" + gateway, 1));
    }

    queue.close(PATIENCE);

    assertThat(committed).hasSize(20);
    assertThat(acknowledged).hasSize(20);
  }

  @Test
  void moreWorkersThanQueueSlotsIsAConfigurationError() {
    assertThatThrownBy(() -> new IngestQueue(2, 10, 4, this::newHandler))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 workers");
  }

  /** A gateway id whose topics go to {@code lane} of the queue. */
  private String gatewayInLane(int lane) {
    for (int i = 0; ; i++) {
      String gateway = "gw-" + i;
      if (IngestQueue.lane(topic(gateway), queue.workers()) == lane) {
        return gateway;
      }
    }
  }

  private void hold(String message) {
    gates.put(message, new CountDownLatch(1));
  }

  private void release(String message) {
    gates.get(message).countDown();
  }

  private IngestQueue.GroupHandler newHandler() {
    handlers.incrementAndGet();
    return group -> {
      mostStoringAtOnce.accumulateAndGet(storingNow.incrementAndGet(), Math::max);
      try {
        for (Delivery delivery : group) {
          CountDownLatch gate = gates.get(name(delivery));
          if (gate != null) {
            gate.await(30, TimeUnit.SECONDS);
          }
          committed.add(name(delivery));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        storingNow.decrementAndGet();
      }
    };
  }

  private static String topic(String gateway) {
    return "campusedge/v1/s1/" + gateway + "/data";
  }

  private static String name(Delivery delivery) {
    return new String(delivery.payload(), StandardCharsets.UTF_8);
  }

  private Delivery delivery(String gateway, int n) {
    String name = gateway + ":" + n;
    return new Delivery(
        topic(gateway), name.getBytes(StandardCharsets.UTF_8), () -> acknowledged.add(name));
  }
}
