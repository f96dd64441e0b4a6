package io.campusedge.agent.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decorator's policy, against an outbox that fails the way H2 does on a full disk. */
class DiskFullOutboxTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-09-07T01:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final FullableOutbox disk = new FullableOutbox();
  private DiskFullOutbox outbox;

  @AfterEach
  void close() {
    if (outbox != null) {
      outbox.close();
    }
  }

  private DiskFullOutbox open(int heldLimit) throws OutboxException {
    // Never resumes on free space alone: the temp dir has plenty; only writes that succeed count.
    outbox =
        new DiskFullOutbox(
            () -> {
              disk.reopens++;
              disk.closed = false;
              return disk;
            },
            dir,
            CLOCK,
            "test",
            heldLimit,
            Duration.ofHours(1),
            Long.MAX_VALUE);
    return outbox;
  }

  static Record reading(int n) {
    return Record.newBuilder()
        .setReading(
            Reading.newBuilder().setDeviceId("a101-climate").setMetric("co2").setIntValue(n))
        .build();
  }

  static Record tap(int n) {
    return Record.newBuilder()
        .setCardTap(
            CardTap.newBuilder()
                .setReaderId("a101-door")
                .setCardRef(ByteString.copyFrom(new byte[] {(byte) n}))
                .setSourceTimeMs(n))
        .build();
  }

  static Record event(int n) {
    return Record.newBuilder()
        .setEquipmentEvent(EquipmentEvent.newBuilder().setDeviceId("lab-oven").setRunId("r" + n))
        .build();
  }

  private static DiskFullException failureOf(CompletableFuture<Long> append) {
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, append::get);
    assertThat(e.getCause()).isInstanceOf(DiskFullException.class);
    return (DiskFullException) e.getCause();
  }

  @Test
  void whenTheDiskFillsTelemetryIsDroppedAndAttendanceHeldThenStoredWhenSpaceReturns()
      throws Exception {
    open(100);
    assertThat(outbox.append(Lane.TELEMETRY, reading(1)).get()).isEqualTo(1);

    disk.full = true;
    // The write that meets the full disk: telemetry, dropped and counted.
    assertThat(failureOf(outbox.append(Lane.TELEMETRY, reading(2))).heldInMemory()).isFalse();
    assertThat(failureOf(outbox.append(Lane.ATTENDANCE, tap(1))).heldInMemory()).isTrue();
    assertThat(failureOf(outbox.append(Lane.EVENTS, event(1))).heldInMemory()).isTrue();
    assertThat(failureOf(outbox.append(Lane.ATTENDANCE, tap(2))).heldInMemory()).isTrue();
    assertThat(failureOf(outbox.append(Lane.TELEMETRY, reading(3))).heldInMemory()).isFalse();
    int writesTried = disk.appends;

    OutboxStatus full = outbox.stats();
    assertThat(full.diskFull()).isPresent();
    assertThat(full.diskFull().get().since()).isEqualTo(CLOCK.instant());
    assertThat(full.lanes().get("telemetry").droppedDiskFull()).isEqualTo(2);
    assertThat(full.lanes().get("attendance").heldInMemory()).isEqualTo(2);
    assertThat(full.lanes().get("events").heldInMemory()).isEqualTo(1);
    assertThat(full.heldInMemoryTotal()).isEqualTo(3);
    // While full, nothing more is tried on the disk: the H2 store is closed anyway.
    assertThat(disk.appends).isEqualTo(writesTried);

    outbox.recoverNow(); // still full: reopened, the first held tap fails again
    assertThat(outbox.stats().diskFull()).isPresent();
    assertThat(disk.reopens).isEqualTo(2);

    disk.full = false;
    outbox.recoverNow();

    OutboxStatus back = outbox.stats();
    assertThat(back.diskFull()).isEmpty();
    assertThat(back.heldInMemoryTotal()).isZero();
    assertThat(back.lanes().get("telemetry").droppedDiskFull()).isEqualTo(2);
    // Attendance first, each lane oldest first.
    assertThat(disk.stored).containsExactly(reading(1), tap(1), tap(2), event(1));
    assertThat(outbox.append(Lane.TELEMETRY, reading(4)).get()).isEqualTo(5);
  }

  @Test
  void aFullMemoryReserveGivesAttendanceTheRoomOfEventsAndCountsWhatIsDropped() throws Exception {
    open(2);
    disk.full = true;
    failureOf(outbox.append(Lane.TELEMETRY, reading(1)));
    assertThat(failureOf(outbox.append(Lane.EVENTS, event(1))).heldInMemory()).isTrue();
    assertThat(failureOf(outbox.append(Lane.ATTENDANCE, tap(1))).heldInMemory()).isTrue();
    // Reserve full: an event is dropped, a tap takes the held event's place.
    assertThat(failureOf(outbox.append(Lane.EVENTS, event(2))).heldInMemory()).isFalse();
    assertThat(failureOf(outbox.append(Lane.ATTENDANCE, tap(2))).heldInMemory()).isTrue();
    // Only taps held now: one more tap cannot be kept, and says so.
    assertThat(failureOf(outbox.append(Lane.ATTENDANCE, tap(3))).heldInMemory()).isFalse();

    OutboxStatus status = outbox.stats();
    assertThat(status.lanes().get("events").droppedDiskFull()).isEqualTo(2);
    assertThat(status.lanes().get("attendance").droppedDiskFull()).isEqualTo(1);
    assertThat(status.lanes().get("attendance").heldInMemory()).isEqualTo(2);

    disk.full = false;
    outbox.recoverNow();
    assertThat(disk.stored).containsExactly(tap(1), tap(2));
  }

  @Test
  void otherWriteFailuresAreNotMistakenForAFullDisk() throws Exception {
    open(10);
    disk.otherFailure = true;

    assertThatThrownBy(() -> outbox.append(Lane.ATTENDANCE, tap(1)).get())
        .hasCauseInstanceOf(OutboxException.class)
        .cause()
        .isNotInstanceOf(DiskFullException.class);
    assertThat(outbox.stats().diskFull()).isEmpty();
  }

  @Test
  void recognisesH2sWayOfSayingTheDiskIsFull() {
    Exception h2 =
        new SQLException(
            "General error: \"org.h2.mvstore.MVStoreException: Writing to"
                + " sun.nio.ch.FileChannelImpl@1 failed; length 45056 at 2084864\"",
            "HY000",
            50000,
            new RuntimeException("MVStoreException", new IOException("No space left on device")));
    assertThat(StorageFailures.isDiskFull(h2)).isTrue();
    assertThat(StorageFailures.isDiskFull(new SQLException("x", "HY000", 90100))).isTrue();
    assertThat(StorageFailures.isDiskFull(new SQLException("Deadlock", "40001", 40001))).isFalse();
    assertThat(
            StorageFailures.isStoreClosed(
                new SQLException("The database has been closed", "90098", 90098)))
        .isTrue();
  }

  /** Stores records in memory, or fails like H2 on a full disk and then stays closed. */
  private static final class FullableOutbox implements Outbox {
    final List<Record> stored = new ArrayList<>();
    boolean full;
    boolean otherFailure;
    boolean closed;
    int reopens;
    int appends;

    @Override
    public long epoch() {
      return 42;
    }

    @Override
    public synchronized CompletableFuture<Long> append(Lane lane, Record record) {
      appends++;
      if (closed) {
        return CompletableFuture.failedFuture(
            new OutboxException(
                "outbox write failed",
                new SQLException("The database has been closed", "90098", 90098)));
      }
      if (full) {
        closed = true;
        return CompletableFuture.failedFuture(
            new OutboxException(
                "outbox write failed",
                new SQLException(
                    "General error", "HY000", 50000, new IOException("No space left on device"))));
      }
      if (otherFailure) {
        return CompletableFuture.failedFuture(new OutboxException("constraint violated"));
      }
      stored.add(record);
      return CompletableFuture.completedFuture((long) stored.size());
    }

    @Override
    public CompletableFuture<Void> flush() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<StoredRecord> pendingAfter(long afterSeq, int limit) {
      return List.of();
    }

    @Override
    public List<EvictedRange> evictedBetween(long afterSeq, long upToSeq) {
      return List.of();
    }

    @Override
    public int ackUpTo(long epoch, long seq) {
      return 0;
    }

    @Override
    public OutboxStatus stats() throws OutboxException {
      if (closed) {
        throw new OutboxException("This store is closed");
      }
      return OutboxStatus.empty(42);
    }

    @Override
    public void onDurable(LongConsumer listener) {}

    @Override
    public void close() {
      closed = true;
    }
  }
}
