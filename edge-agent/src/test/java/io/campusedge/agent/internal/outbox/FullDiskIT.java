package io.campusedge.agent.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real H2 outbox on a real file system that fills up: a 4 MiB tmpfs, which only root can mount
 * (CI runs as root). Skipped elsewhere; {@link DiskFullOutboxTest} covers the policy everywhere.
 */
class FullDiskIT {
  private static final String STRING_1K = "x".repeat(1000);

  @TempDir Path dir;
  private Path mount;
  private boolean mounted;
  private DiskFullOutbox outbox;

  @BeforeEach
  void mountTinyFileSystem() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "needs root to mount a tmpfs that can fill up (CI runs as root)");
    mount = Files.createDirectory(dir.resolve("fs"));
    Process process =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString())
            .redirectErrorStream(true)
            .start();
    boolean done = process.waitFor(10, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes());
    assumeTrue(
        done && process.exitValue() == 0, "cannot mount a tmpfs here (container?): " + output);
    mounted = true;
  }

  @AfterEach
  void unmount() throws Exception {
    if (outbox != null) {
      outbox.close();
    }
    if (mounted) {
      new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Record reading(int n) {
    return Record.newBuilder()
        .setReading(
            Reading.newBuilder()
                .setDeviceId("a101-climate")
                .setMetric("note")
                .setStringValue(n + STRING_1K))
        .build();
  }

  private static Record tap(int n) {
    return Record.newBuilder()
        .setCardTap(
            CardTap.newBuilder()
                .setReaderId("a101-door")
                .setCardRef(ByteString.copyFrom(new byte[] {1, 2, (byte) n}))
                .setSourceTimeMs(n))
        .build();
  }

  private static boolean failedWithDiskFull(CompletableFuture<Long> append) {
    try {
      append.get(30, TimeUnit.SECONDS);
      return false;
    } catch (ExecutionException e) {
      return e.getCause() instanceof DiskFullException;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theOutboxSurvivesAFullDiskAndStoresTheHeldCardTapsWhenSpaceReturns() throws Exception {
    Clock clock = Clock.systemUTC();
    AgentConfig.OutboxSettings limits =
        new AgentConfig.OutboxSettings(64L << 20, 1L << 20, Duration.ofDays(30), 4);
    outbox =
        new DiskFullOutbox(
            () -> H2Outbox.open(mount.resolve("outbox"), clock, "full-disk", limits),
            mount,
            clock,
            "full-disk",
            DiskFullOutbox.DEFAULT_HELD_LIMIT,
            Duration.ofMillis(200),
            512 * 1024);
    assertThat(outbox.append(Lane.ATTENDANCE, tap(0)).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    // Leave about 600 KiB for the outbox, then write readings until the disk is full.
    Path filler = mount.resolve("filler");
    long free = Files.getFileStore(mount).getUsableSpace();
    fill(filler, free - 600 * 1024);

    int written = 0;
    boolean full = false;
    for (int n = 1; n <= 5_000 && !full; n++) {
      CompletableFuture<Long> append = outbox.append(Lane.TELEMETRY, reading(n));
      if (n % 50 == 0) {
        full = failedWithDiskFull(append);
      }
      written = n;
    }
    assertThat(full).as("disk full after %d readings", written).isTrue();
    OutboxStatus status = outbox.stats();
    assertThat(status.diskFull()).isPresent();
    assertThat(status.lanes().get("telemetry").droppedDiskFull()).isPositive();

    // The agent keeps going: card taps wait in memory, readings are dropped, nothing throws.
    List<CompletableFuture<Long>> taps =
        List.of(outbox.append(Lane.ATTENDANCE, tap(1)), outbox.append(Lane.ATTENDANCE, tap(2)));
    taps.forEach(t -> assertThat(failedWithDiskFull(t)).isTrue());
    assertThat(failedWithDiskFull(outbox.append(Lane.TELEMETRY, reading(9_999)))).isTrue();
    assertThat(outbox.stats().lanes().get("attendance").heldInMemory()).isEqualTo(2);

    Files.delete(filler);

    await().atMost(Duration.ofSeconds(30)).until(() -> outbox.stats().diskFull().isEmpty());
    assertThat(outbox.stats().heldInMemoryTotal()).isZero();
    List<ByteString> storedTaps =
        outbox.pendingAfter(0, 100_000).stream()
            .map(this::record)
            .filter(Record::hasCardTap)
            .map(r -> r.getCardTap().getCardRef())
            .toList();
    assertThat(storedTaps)
        .containsExactly(
            tap(0).getCardTap().getCardRef(),
            tap(1).getCardTap().getCardRef(),
            tap(2).getCardTap().getCardRef());
    // And the outbox takes readings again.
    assertThat(outbox.append(Lane.TELEMETRY, reading(10_000)).get(10, TimeUnit.SECONDS))
        .isPositive();
  }

  private Record record(StoredRecord stored) {
    try {
      return stored.toRecord();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void fill(Path file, long bytes) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }
}
