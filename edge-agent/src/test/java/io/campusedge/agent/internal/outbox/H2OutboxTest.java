package io.campusedge.agent.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2OutboxTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T07:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final List<Outbox> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(Outbox::close);
  }

  private Outbox open() throws OutboxException {
    Outbox outbox = H2Outbox.open(dir.resolve("outbox"), CLOCK, "test");
    opened.add(outbox);
    return outbox;
  }

  private static Record reading(double value) {
    return Record.newBuilder()
        .setClock(ClockState.newBuilder().setBootId("boot-1").setMonotonicMs(5))
        .setReading(
            Reading.newBuilder().setDeviceId("a101-climate").setMetric("co2").setDoubleValue(value))
        .build();
  }

  private static List<Long> appendAll(Outbox outbox, int count) throws Exception {
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(outbox.append(Lane.TELEMETRY, reading(400 + i)));
    }
    List<Long> seqs = new ArrayList<>();
    for (CompletableFuture<Long> future : futures) {
      seqs.add(future.get(10, TimeUnit.SECONDS));
    }
    return seqs;
  }

  private static List<Long> seqsOf(List<StoredRecord> records) {
    return records.stream().map(StoredRecord::seq).toList();
  }

  @Test
  void appendedRecordsBecomeDurableWithIncreasingSeqFromOne() throws Exception {
    Outbox outbox = open();

    assertThat(appendAll(outbox, 5)).containsExactly(1L, 2L, 3L, 4L, 5L);

    List<StoredRecord> pending = outbox.pendingAfter(0, 100);
    assertThat(seqsOf(pending)).containsExactly(1L, 2L, 3L, 4L, 5L);
    Record third = pending.get(2).toRecord();
    assertThat(third.getSeq()).isEqualTo(3);
    assertThat(third.getReading().getDoubleValue()).isEqualTo(402);
    assertThat(third.getClock().getBootId()).isEqualTo("boot-1");
    assertThat(pending.get(2).lane()).isEqualTo(Lane.TELEMETRY);
  }

  @Test
  void pendingAfterPagesInSeqOrder() throws Exception {
    Outbox outbox = open();
    appendAll(outbox, 10);

    assertThat(seqsOf(outbox.pendingAfter(3, 4))).containsExactly(4L, 5L, 6L, 7L);
    assertThat(seqsOf(outbox.pendingAfter(8, 100))).containsExactly(9L, 10L);
    assertThat(outbox.pendingAfter(10, 100)).isEmpty();
  }

  @Test
  void ackDeletesOnlyUpToTheAcknowledgedSeq() throws Exception {
    Outbox outbox = open();
    appendAll(outbox, 6);

    int deleted = outbox.ackUpTo(outbox.epoch(), 4);

    assertThat(deleted).isEqualTo(4);
    assertThat(seqsOf(outbox.pendingAfter(0, 100))).containsExactly(5L, 6L);
    OutboxStatus stats = outbox.stats();
    assertThat(stats.pendingRecords()).isEqualTo(2);
    assertThat(stats.pendingBytes()).isPositive();
    assertThat(stats.oldestPending()).contains(CLOCK.instant());
  }

  @Test
  void ackForAnotherEpochDeletesNothing() throws Exception {
    Outbox outbox = open();
    appendAll(outbox, 3);

    assertThat(outbox.ackUpTo(outbox.epoch() - 1, 3)).isZero();
    assertThat(outbox.ackUpTo(outbox.epoch() + 1, 3)).isZero();

    assertThat(outbox.stats().pendingRecords()).isEqualTo(3);
  }

  @Test
  void reopeningTheFileKeepsEpochPendingRowsAndSeq() throws Exception {
    Outbox first = open();
    appendAll(first, 4);
    first.ackUpTo(first.epoch(), 1);
    long epoch = first.epoch();
    first.close();

    Outbox second = open();

    assertThat(second.epoch()).isEqualTo(epoch);
    assertThat(seqsOf(second.pendingAfter(0, 100))).containsExactly(2L, 3L, 4L);
    assertThat(appendAll(second, 2)).containsExactly(5L, 6L);
  }

  @Test
  void aNewFileGetsANewEpoch() throws Exception {
    Outbox first = open();
    Outbox other =
        H2Outbox.open(
            dir.resolve("other/outbox"),
            Clock.offset(CLOCK, java.time.Duration.ofMillis(1)),
            "other");
    opened.add(other);

    assertThat(first.epoch()).isEqualTo(CLOCK.millis());
    assertThat(other.epoch()).isNotEqualTo(first.epoch());
  }

  @Test
  void flushWaitsForEverythingAppendedBefore() throws Exception {
    Outbox outbox = open();
    for (int i = 0; i < 50; i++) {
      outbox.append(Lane.TELEMETRY, reading(i));
    }

    outbox.flush().get(10, TimeUnit.SECONDS);

    assertThat(outbox.stats().pendingRecords()).isEqualTo(50);
  }

  @Test
  void listenersHearTheHighestDurableSeq() throws Exception {
    Outbox outbox = open();
    List<Long> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    outbox.onDurable(heard::add);

    appendAll(outbox, 3);

    assertThat(heard).isNotEmpty().last().isEqualTo(3L);
  }

  @Test
  void appendAfterCloseFails() throws Exception {
    Outbox outbox = open();
    outbox.close();

    assertThat(outbox.append(Lane.TELEMETRY, reading(1))).isCompletedExceptionally();
  }

  @Test
  void aCommittedRecordIsNotOfferedForSendingUntilItIsForcedToDisk() throws Exception {
    CountDownLatch inSync = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Outbox outbox =
        H2Outbox.open(
            dir.resolve("outbox"),
            CLOCK,
            "test",
            io.campusedge.agent.api.AgentConfig.OutboxSettings.DEFAULTS,
            () -> {
              inSync.countDown();
              awaitQuietly(release);
            });
    opened.add(outbox);

    CompletableFuture<Long> stored = outbox.append(Lane.TELEMETRY, reading(1));
    assertThat(inSync.await(10, TimeUnit.SECONDS)).isTrue();

    // Committed and visible to SQL, but a kill -9 now would take it back.
    assertThat(outbox.pendingAfter(0, 10)).isEmpty();
    assertThat(stored).isNotDone();

    release.countDown();
    assertThat(stored.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
    assertThat(seqsOf(outbox.pendingAfter(0, 10))).containsExactly(1L);
  }

  @Test
  void anAckHidesItsRowsAtOnceAndTheWriterDeletesThemFromTheFile() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean hold =
        new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch inSync = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Outbox outbox =
        H2Outbox.open(
            dir.resolve("outbox"),
            CLOCK,
            "test",
            io.campusedge.agent.api.AgentConfig.OutboxSettings.DEFAULTS,
            () -> {
              if (hold.get()) {
                inSync.countDown();
                awaitQuietly(release);
              }
            });
    opened.add(outbox);
    appendAll(outbox, 3);
    hold.set(true);
    CompletableFuture<Long> fourth = outbox.append(Lane.TELEMETRY, reading(4));
    assertThat(inSync.await(10, TimeUnit.SECONDS)).isTrue();

    // The writer is busy with seq 4, so rows 1 and 2 are still in the table.
    assertThat(outbox.ackUpTo(outbox.epoch(), 2)).isEqualTo(2);

    assertThat(seqsOf(outbox.pendingAfter(0, 10))).containsExactly(3L);
    assertThat(outbox.stats().pendingRecords()).isEqualTo(2);
    release.countDown();
    assertThat(fourth.get(10, TimeUnit.SECONDS)).isEqualTo(4L);
    outbox.flush().get(10, TimeUnit.SECONDS);
    outbox.close();
    opened.remove(outbox);

    Outbox reopened = open();
    assertThat(seqsOf(reopened.pendingAfter(0, 10))).containsExactly(3L, 4L);
    assertThat(reopened.stats().pendingRecords()).isEqualTo(2);
  }

  @Test
  void aLargeGroupIsStoredRowForRowInSeqOrder() throws Exception {
    CountDownLatch inSync = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Outbox outbox =
        H2Outbox.open(
            dir.resolve("outbox"),
            CLOCK,
            "test",
            io.campusedge.agent.api.AgentConfig.OutboxSettings.DEFAULTS,
            () -> {
              inSync.countDown();
              awaitQuietly(release);
            });
    opened.add(outbox);
    outbox.append(Lane.TELEMETRY, reading(1));
    assertThat(inSync.await(10, TimeUnit.SECONDS)).isTrue();
    // Queued while the writer is busy: one group of 150 in which every third record is an event,
    // i.e. a hundred chunks of one or two records.
    for (int i = 2; i <= 151; i++) {
      outbox.append(i % 3 == 0 ? Lane.EVENTS : Lane.TELEMETRY, reading(i));
    }
    release.countDown();
    outbox.flush().get(10, TimeUnit.SECONDS);

    List<StoredRecord> stored = outbox.pendingAfter(0, 1000);
    assertThat(seqsOf(stored)).hasSize(151).isSorted().startsWith(1L).endsWith(151L);
    for (StoredRecord record : stored) {
      assertThat(record.toRecord().getSeq()).isEqualTo(record.seq());
      assertThat(record.toRecord().getReading().getDoubleValue()).isEqualTo(record.seq());
      assertThat(record.lane()).isEqualTo(record.seq() % 3 == 0 ? Lane.EVENTS : Lane.TELEMETRY);
    }
    outbox.close();
    opened.remove(outbox);
    Outbox reopened = open();
    assertThat(reopened.stats().pendingRecords()).isEqualTo(151);
    assertThat(reopened.stats().lanes().get("events").pendingRecords()).isEqualTo(50);
  }

  @Test
  void aRecordIsStoredWithTheSameBytesAsProtobufGivesItWithItsSeq() {
    Record record = reading(21.5);
    for (long seq : new long[] {1, 127, 128, 1L << 35, Long.MAX_VALUE}) {
      assertThat(H2Outbox.withSeq(record, seq))
          .isEqualTo(record.toBuilder().setSeq(seq).build().toByteArray());
    }
    Record withSeq = record.toBuilder().setSeq(9).build();
    assertThat(H2Outbox.withSeq(withSeq, 10))
        .isEqualTo(record.toBuilder().setSeq(10).build().toByteArray());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
