package io.campusedge.agent.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real broken files on disk: the outbox moves them aside, keeps them and starts a new epoch. */
class CorruptOutboxTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T07:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final List<Outbox> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(Outbox::close);
  }

  private Outbox open(Clock clock) throws OutboxException {
    Outbox outbox = H2Outbox.open(dir.resolve("outbox"), clock, "corrupt-test");
    opened.add(outbox);
    return outbox;
  }

  private Path live() {
    return dir.resolve("outbox.mv.db");
  }

  private List<Path> kept() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("outbox.corrupt-")).toList();
    }
  }

  @Test
  void garbageFileIsMovedAsideKeptByteForByteAndANewOutboxStarts() throws Exception {
    byte[] garbage = new byte[20_000];
    new Random(6).nextBytes(garbage);
    Files.write(live(), garbage);

    Outbox outbox = open(CLOCK);

    assertThat(kept()).hasSize(1);
    Path aside = kept().get(0);
    assertThat(aside.getFileName().toString())
        .isEqualTo("outbox.corrupt-20260302T073000000Z.mv.db");
    assertThat(Files.readAllBytes(aside)).isEqualTo(garbage);
    assertThat(outbox.stats().corruptFilesKept()).isEqualTo(1);
    assertThat(outbox.append(Lane.TELEMETRY, reading()).get(10, TimeUnit.SECONDS)).isEqualTo(1L);
  }

  @Test
  void truncatedFileIsMovedAsideAndTheNewEpochIsAboveTheOldOne() throws Exception {
    Outbox first = open(CLOCK);
    first.append(Lane.TELEMETRY, reading()).get(10, TimeUnit.SECONDS);
    long oldEpoch = first.epoch();
    first.close();
    byte[] whole = Files.readAllBytes(live());
    Files.write(live(), Arrays.copyOf(whole, 100));

    // The same fixed clock would give the same epoch again; the kept file's time prevents that.
    Outbox second = open(CLOCK);

    assertThat(kept()).hasSize(1);
    assertThat(Files.size(kept().get(0))).isEqualTo(100);
    assertThat(second.epoch()).isGreaterThan(oldEpoch);
    assertThat(second.pendingAfter(0, 10)).isEmpty();
  }

  @Test
  void aClockThatWentBackStillGivesAnEpochAboveEveryKeptFile() throws Exception {
    Files.write(live(), new byte[16_384]);
    Instant later = Instant.parse("2027-01-01T00:00:00Z");
    Files.setLastModifiedTime(live(), FileTime.from(later));

    Outbox outbox = open(CLOCK);

    assertThat(outbox.epoch()).isGreaterThan(later.toEpochMilli());
  }

  @Test
  void secondCorruptionKeepsBothFilesAndCountsThem() throws Exception {
    Files.write(live(), new byte[16_384]);
    open(CLOCK).close();
    opened.clear();
    Files.write(live(), "not an H2 file\n".repeat(1000).getBytes());

    Outbox outbox = open(Clock.offset(CLOCK, java.time.Duration.ofSeconds(1)));

    assertThat(kept()).hasSize(2);
    assertThat(outbox.stats().corruptFilesKept()).isEqualTo(2);
  }

  @Test
  void aHealthyFileIsNeverMovedAside() throws Exception {
    Outbox first = open(CLOCK);
    first.append(Lane.TELEMETRY, reading()).get(10, TimeUnit.SECONDS);
    first.close();

    Outbox again = open(CLOCK);

    assertThat(kept()).isEmpty();
    assertThat(again.stats().corruptFilesKept()).isZero();
    assertThat(again.pendingAfter(0, 10)).hasSize(1);
  }

  @Test
  void lockedOrUnreadableFilesAreNotTakenForCorruption() {
    assertThat(CorruptOutboxFiles.isCorruption(new SQLException("locked", "90020", 90020)))
        .isFalse();
    assertThat(CorruptOutboxFiles.isCorruption(new SQLException("io", "90028", 90028))).isFalse();
    SQLException truncated = new SQLException("io", "90028", 90028, new EOFException());
    assertThat(CorruptOutboxFiles.isCorruption(truncated)).isTrue();
    assertThat(CorruptOutboxFiles.isCorruption(new SQLException("bad", "90030", 90030))).isTrue();
  }

  private static Record reading() {
    return Record.newBuilder()
        .setReading(Reading.newBuilder().setDeviceId("a101-climate").setMetric("co2"))
        .build();
  }
}
