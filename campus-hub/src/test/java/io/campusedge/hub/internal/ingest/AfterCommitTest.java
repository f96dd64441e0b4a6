package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stage after a group's commit: its own thread, commit order, bounded, failures isolated. */
class AfterCommitTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final AfterCommit stage = new AfterCommit(2);
  private final List<String> done = new CopyOnWriteArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);

  @AfterEach
  void stop() {
    gate.countDown();
    stage.close(Duration.ofSeconds(5));
  }

  @Test
  void groupsAreHandledInCommitOrderOffTheCallersThread() {
    String caller = Thread.currentThread().getName();
    List<String> threads = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 50; i++) {
      String group = "g" + i;
      stage.submit(
          () -> {
            threads.add(Thread.currentThread().getName());
            done.add(group);
          });
    }

    await().atMost(PATIENCE).until(() -> done.size() == 50);
    assertThat(done)
        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "g" + i).toList());
    assertThat(threads).doesNotContain(caller).containsOnly("hub-after-commit");
  }

  @Test
  void aWorkerTooFarAheadWaitsUntilTheStageCatchesUp() throws Exception {
    stage.submit(this::waitAtGate); // running, holding the thread
    await().atMost(PATIENCE).until(() -> stage.depth() == 0);
    stage.submit(() -> done.add("queued 1"));
    stage.submit(() -> done.add("queued 2")); // the bound: two groups waiting

    AtomicBoolean thirdQueued = new AtomicBoolean();
    Thread worker =
        new Thread(
            () -> {
              stage.submit(() -> done.add("queued 3"));
              thirdQueued.set(true);
            });
    worker.start();
    TimeUnit.MILLISECONDS.sleep(300); // a submit that did not wait would be done by now
    assertThat(thirdQueued).isFalse();
    assertThat(stage.depth()).isEqualTo(2);

    gate.countDown();
    worker.join(PATIENCE.toMillis());
    assertThat(thirdQueued).isTrue();
    await().atMost(PATIENCE).until(() -> done.size() == 3);
    assertThat(done).containsExactly("queued 1", "queued 2", "queued 3");
  }

  @Test
  void aFailingGroupDoesNotStopTheOnesAfterIt() {
    stage.submit(
        () -> {
          throw new IllegalStateException("alert store down");
        });
    stage.submit(() -> done.add("next"));

    await().atMost(PATIENCE).until(() -> done.size() == 1);
    assertThat(done).containsExactly("next");
  }

  @Test
  void closingFinishesWhatIsQueuedAndLaterGroupsRunOnTheCaller() {
    stage.submit(this::waitAtGate);
    stage.submit(() -> done.add("queued"));
    gate.countDown();

    stage.close(PATIENCE);
    assertThat(done).containsExactly("queued");

    String caller = Thread.currentThread().getName();
    List<String> threads = new CopyOnWriteArrayList<>();
    stage.submit(() -> threads.add(Thread.currentThread().getName()));
    assertThat(threads).containsExactly(caller);
  }

  private void waitAtGate() {
    try {
      gate.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
