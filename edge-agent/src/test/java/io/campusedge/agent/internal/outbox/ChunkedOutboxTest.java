package io.campusedge.agent.internal.outbox;

import static io.campusedge.agent.internal.outbox.TestRecords.reading;
import static io.campusedge.agent.internal.outbox.TestRecords.tap;
import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.protos.v1.Record;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk format: one row per chunk of records, and everything that reads it. */
class ChunkedOutboxTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T07:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final List<Outbox> opened = new ArrayList<>();
  private final AtomicBoolean hold = new AtomicBoolean();
  private CountDownLatch inSync = new CountDownLatch(1);
  private CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeAll() {
    release.countDown();
    opened.forEach(Outbox::close);
  }

  /** An outbox whose writer, while {@link #hold} is set, waits before each fsync. */
  private H2Outbox open(AgentConfig.OutboxSettings limits) throws OutboxException {
    H2Outbox outbox =
        H2Outbox.open(
            dir.resolve("outbox"),
            CLOCK,
            "chunks",
            limits,
            () -> {
              if (hold.get()) {
                inSync.countDown();
                awaitQuietly(release);
              }
            });
    opened.add(outbox);
    return outbox;
  }

  private H2Outbox open() throws OutboxException {
    return open(AgentConfig.OutboxSettings.DEFAULTS);
  }

  private void close(Outbox outbox) {
    outbox.close();
    opened.remove(outbox);
  }

  /**
   * Appends {@code records} so that they are written as one group: the writer is held inside a
   * first group of one record while they queue up.
   */
  private List<Long> appendAsOneGroup(Outbox outbox, List<Map.Entry<Lane, Record>> records)
      throws Exception {
    inSync = new CountDownLatch(1);
    release = new CountDownLatch(1);
    hold.set(true);
    CompletableFuture<Long> first = outbox.append(Lane.TELEMETRY, reading("warm-up", 0));
    assertThat(inSync.await(10, TimeUnit.SECONDS)).isTrue();
    hold.set(false);
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (Map.Entry<Lane, Record> record : records) {
      futures.add(outbox.append(record.getKey(), record.getValue()));
    }
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    List<Long> seqs = new ArrayList<>();
    for (CompletableFuture<Long> future : futures) {
      seqs.add(future.get(10, TimeUnit.SECONDS));
    }
    return seqs;
  }

  private record ChunkRow(long firstSeq, long lastSeq, String lane, int records, boolean thinned) {}

  /** The chunk table as H2 holds it, read with plain JDBC after the outbox is closed. */
  private List<ChunkRow> chunkRows() throws SQLException {
    List<ChunkRow> rows = new ArrayList<>();
    try (Connection connection = jdbc();
        Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT first_seq, last_seq, lane, records, thinned FROM chunk"
                    + " ORDER BY first_seq")) {
      while (rs.next()) {
        rows.add(
            new ChunkRow(
                rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5)));
      }
    }
    return rows;
  }

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + dir.resolve("outbox").toAbsolutePath(), "sa", "");
  }

  private static long payloadBytes(List<StoredRecord> records) {
    return records.stream().mapToLong(r -> r.payload().length).sum();
  }

  @Test
  void aMixedLaneGroupIsStoredAsOneChunkPerRunOfALane() throws Exception {
    Outbox outbox = open();
    List<Map.Entry<Lane, Record>> group = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      group.add(Map.entry(Lane.TELEMETRY, reading("co2", i)));
    }
    group.add(Map.entry(Lane.ATTENDANCE, tap(1)));
    group.add(Map.entry(Lane.ATTENDANCE, tap(2)));
    for (int i = 0; i < 5; i++) {
      group.add(Map.entry(Lane.TELEMETRY, reading("noise", i)));
    }
    List<Long> seqs = appendAsOneGroup(outbox, group);
    assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(2, 18).boxed().toList());
    List<StoredRecord> stored = outbox.pendingAfter(1, 100);
    assertThat(stored).extracting(StoredRecord::seq).containsExactlyElementsOf(seqs);
    assertThat(stored.get(10).lane()).isEqualTo(Lane.ATTENDANCE);
    assertThat(stored.get(10).toRecord().getCardTap().getSourceTimeMs()).isEqualTo(1);
    assertThat(stored.get(10).toRecord().getSeq()).isEqualTo(12);
    close(outbox);

    assertThat(chunkRows())
        .containsExactly(
            new ChunkRow(1, 1, "telemetry", 1, false),
            new ChunkRow(2, 11, "telemetry", 10, false),
            new ChunkRow(12, 13, "attendance", 2, false),
            new ChunkRow(14, 18, "telemetry", 5, false));
  }

  @Test
  void aLargeGroupIsCutIntoBoundedChunks() throws Exception {
    Outbox outbox = open();
    List<Map.Entry<Lane, Record>> group = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      group.add(Map.entry(Lane.TELEMETRY, reading("co2", i)));
    }
    appendAsOneGroup(outbox, group);
    assertThat(outbox.pendingAfter(1, 2_000)).hasSize(1_200);
    close(outbox);

    List<ChunkRow> rows = chunkRows();
    assertThat(rows).hasSize(1 + 3);
    assertThat(rows).extracting(ChunkRow::records).containsExactly(1, 500, 500, 200);
    assertThat(rows.get(3).lastSeq()).isEqualTo(1_201);

    List<StoredRecord> big = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      big.add(new StoredRecord(i + 1, Lane.EVENTS, 5, new byte[4_000]));
    }
    List<Chunk> chunks = Chunk.cut(big, false);
    assertThat(chunks).extracting(c -> c.records().size()).containsExactly(16, 16, 8);
    assertThat(chunks).allSatisfy(c -> assertThat(c.body()).hasSizeLessThan(64 * 1024 + 1));
  }

  @Test
  void aChunkRoundTripsAndABrokenBodyIsReportedNotMisread() throws Exception {
    List<StoredRecord> records =
        List.of(
            new StoredRecord(7, Lane.EVENTS, 1_772_436_600_000L, new byte[] {1, 2, 3}),
            new StoredRecord(9, Lane.EVENTS, -5, new byte[0]),
            new StoredRecord(Long.MAX_VALUE, Lane.EVENTS, 0, new byte[300]));
    Chunk chunk = new Chunk(Lane.EVENTS, true, records);
    List<StoredRecord> decoded = Chunk.decode(7, Lane.EVENTS, chunk.body());
    assertThat(decoded).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(decoded.get(i).seq()).isEqualTo(records.get(i).seq());
      assertThat(decoded.get(i).createdMs()).isEqualTo(records.get(i).createdMs());
      assertThat(decoded.get(i).payload()).isEqualTo(records.get(i).payload());
    }
    assertThat(chunk.bytes()).isEqualTo(303);
    assertThat(chunk.oldestMs()).isEqualTo(-5);
    assertThat(chunk.newestMs()).isEqualTo(1_772_436_600_000L);

    byte[] body = chunk.body();
    byte[] truncated = java.util.Arrays.copyOf(body, body.length - 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Chunk.decode(7, Lane.EVENTS, truncated))
        .isInstanceOf(java.sql.SQLDataException.class)
        .hasMessageContaining("chunk 7");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Chunk.decode(8, Lane.EVENTS, body))
        .isInstanceOf(java.sql.SQLDataException.class);
  }

  @Test
  void aPartlyAckedChunkShowsOnlyItsUnackedRecordsAlsoAfterAReopen() throws Exception {
    H2Outbox outbox = open();
    List<Map.Entry<Lane, Record>> group = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      group.add(Map.entry(i % 4 == 0 ? Lane.EVENTS : Lane.TELEMETRY, reading("co2", i)));
    }
    // One chunk per record of events, runs of three for telemetry: acks cut runs.
    appendAsOneGroup(outbox, group);
    List<StoredRecord> all = outbox.pendingAfter(0, 100);
    long epoch = outbox.epoch();

    assertThat(outbox.ackUpTo(epoch, 7)).isEqualTo(7);
    assertUnackedAfter(outbox, all, 7);
    // Read from the file, not the in-memory tail: the lane accounting of the next ack as well.
    outbox.flush().get(10, TimeUnit.SECONDS);
    close(outbox);

    H2Outbox reopened = open();
    assertUnackedAfter(reopened, all, 7);
    assertThat(reopened.ackUpTo(epoch, 14)).isEqualTo(7);
    assertUnackedAfter(reopened, all, 14);
    assertThat(reopened.ackUpTo(epoch, 21)).isEqualTo(7);
    assertUnackedAfter(reopened, all, 21);
    assertThat(reopened.stats().pendingRecords()).isZero();
  }

  private static void assertUnackedAfter(H2Outbox outbox, List<StoredRecord> all, long acked)
      throws OutboxException {
    List<StoredRecord> left = all.stream().filter(r -> r.seq() > acked).toList();
    assertThat(outbox.pendingAfter(0, 100))
        .extracting(StoredRecord::seq)
        .containsExactlyElementsOf(left.stream().map(StoredRecord::seq).toList());
    assertThat(outbox.pendingAfter(acked - 3, 2))
        .extracting(StoredRecord::seq)
        .containsExactlyElementsOf(left.stream().limit(2).map(StoredRecord::seq).toList());
    OutboxStatus stats = outbox.stats();
    assertThat(stats.pendingRecords()).isEqualTo(left.size());
    assertThat(stats.pendingBytes()).isEqualTo(payloadBytes(left));
    for (Lane lane : Lane.values()) {
      List<StoredRecord> ofLane = left.stream().filter(r -> r.lane() == lane).toList();
      OutboxStatus.LaneStatus laneStatus = stats.lanes().get(lane.column());
      assertThat(laneStatus.pendingRecords()).as(lane.column()).isEqualTo(ofLane.size());
      assertThat(laneStatus.pendingBytes()).as(lane.column()).isEqualTo(payloadBytes(ofLane));
      assertThat(laneStatus.oldestPending().isPresent()).isEqualTo(!ofLane.isEmpty());
      assertThat(outbox.laneBytes().getOrDefault(lane, 0L))
          .as("lane bytes of " + lane.column())
          .isEqualTo(payloadBytes(ofLane));
    }
  }

  @Test
  void thinningInsideAChunkKeepsEveryNthReadingPerSeriesAndCountsExactly() throws Exception {
    // 440 readings of ~100 bytes against a 30 KiB share: thinning to a quarter is enough.
    H2Outbox outbox =
        open(new AgentConfig.OutboxSettings(34 * 1024, 4 * 1024, Duration.ofDays(30), 4));
    Set<Long> named = new java.util.concurrent.ConcurrentSkipListSet<>();
    outbox.onEvicted(
        byLane ->
            byLane.values().stream()
                .flatMap(List::stream)
                .forEach(r -> LongStream.rangeClosed(r.first(), r.last()).forEach(named::add)));
    List<Map.Entry<Lane, Record>> first = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      first.add(Map.entry(Lane.TELEMETRY, reading(i % 2 == 0 ? "co2" : "noise", i)));
    }
    appendAsOneGroup(outbox, first);
    // The ack cuts the chunk of seqs 2..41: its acked half is neither kept nor counted.
    outbox.ackUpTo(outbox.epoch(), 21);
    List<Map.Entry<Lane, Record>> second = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      second.add(Map.entry(Lane.TELEMETRY, reading(i % 2 == 0 ? "co2" : "noise", 40 + i)));
    }
    second.add(Map.entry(Lane.ATTENDANCE, tap(1)));
    appendAsOneGroup(outbox, second);
    outbox.flush().get(10, TimeUnit.SECONDS);
    long last = 42 + 1 + 400;

    // Expected: of the unacked readings (22..41 and 43..442, i.e. without the warm-ups at 1 and
    // 42), per series the 1st, 5th, 9th, ...; the warm-ups are a series of their own.
    Map<String, Integer> seen = new HashMap<>();
    Set<Long> kept = new TreeSet<>();
    for (StoredRecord record : unackedBeforeEviction(outbox, 21)) {
      int index = seen.merge(OutboxEviction.seriesOf(record), 1, Integer::sum) - 1;
      if (record.lane() != Lane.TELEMETRY || index % 4 == 0) {
        kept.add(record.seq());
      }
    }
    List<StoredRecord> left = outbox.pendingAfter(0, 1_000);
    assertThat(left).extracting(StoredRecord::seq).containsExactlyElementsOf(kept);

    Set<Long> gone = new TreeSet<>();
    LongStream.rangeClosed(22, last).forEach(gone::add);
    gone.removeAll(kept);
    assertThat(outbox.stats().evictedByLane())
        .containsEntry("telemetry", (long) gone.size())
        .containsEntry("attendance", 0L);
    assertThat(named).isEqualTo(gone);
    Set<Long> ranged = new TreeSet<>();
    for (EvictedRange range : outbox.evictedBetween(0, last)) {
      LongStream.rangeClosed(range.first(), range.last()).forEach(ranged::add);
    }
    assertThat(ranged).isEqualTo(gone);
    assertThat(outbox.laneBytes().get(Lane.TELEMETRY))
        .isEqualTo(payloadBytes(left.stream().filter(r -> r.lane() == Lane.TELEMETRY).toList()));
    close(outbox);

    List<ChunkRow> rows = chunkRows();
    assertThat(rows).filteredOn(r -> r.lane().equals("telemetry")).allMatch(ChunkRow::thinned);
    assertThat(rows.stream().mapToInt(ChunkRow::records).sum()).isEqualTo(kept.size());
    assertThat(rows.get(0).firstSeq()).as("rewritten from its first survivor").isEqualTo(22);
  }

  /**
   * What the test appended after {@code acked}, rebuilt from the seqs: the two warm-ups at 1 and
   * 42, readings alternating co2/noise, then the card tap.
   */
  private static List<StoredRecord> unackedBeforeEviction(H2Outbox outbox, long acked) {
    List<StoredRecord> records = new ArrayList<>();
    int reading = 0;
    for (long seq = 1; seq <= 443; seq++) {
      Record record;
      Lane lane = Lane.TELEMETRY;
      if (seq == 1 || seq == 42) {
        record = reading("warm-up", 0);
      } else if (seq == 443) {
        record = tap(1);
        lane = Lane.ATTENDANCE;
      } else {
        record = reading(reading % 2 == 0 ? "co2" : "noise", reading);
        reading++;
      }
      if (seq > acked) {
        records.add(new StoredRecord(seq, lane, 0, H2Outbox.withSeq(record, seq)));
      }
    }
    return records;
  }

  @Test
  void anOutboxFileOfTheOneRowPerRecordFormatIsMovedIntoChunksLosingNothing() throws Exception {
    long epoch = 1_700_000_000_000L;
    // Stored in the last minutes, so the age rule keeps them.
    long storedAt = CLOCK.millis() - 20_000;
    List<StoredRecord> old = new ArrayList<>();
    try (Connection connection = jdbc();
        Statement st = connection.createStatement()) {
      st.execute(
          "CREATE TABLE pending (seq BIGINT PRIMARY KEY, lane VARCHAR(16) NOT NULL,"
              + " created_ms BIGINT NOT NULL, payload VARBINARY NOT NULL, series VARCHAR(256),"
              + " thinned BOOLEAN DEFAULT FALSE NOT NULL)");
      st.execute("CREATE TABLE meta (name VARCHAR(32) PRIMARY KEY, val BIGINT NOT NULL)");
      st.execute("CREATE TABLE evicted (first_seq BIGINT PRIMARY KEY, last_seq BIGINT NOT NULL)");
      st.execute(
          "INSERT INTO meta VALUES ('epoch', "
              + epoch
              + "), ('next_seq', 12003),"
              + " ('evicted_telemetry', 2)");
      st.execute("INSERT INTO evicted VALUES (101, 102)");
      connection.setAutoCommit(false);
      try (var insert =
          connection.prepareStatement("INSERT INTO pending VALUES (?, ?, ?, ?, ?, ?)")) {
        for (long seq = 1; seq <= 12_000; seq++) {
          if (seq == 101 || seq == 102) {
            continue;
          }
          Lane lane = seq % 7 == 0 ? Lane.ATTENDANCE : Lane.TELEMETRY;
          Record record = lane == Lane.ATTENDANCE ? tap((int) seq) : reading("co2", (int) seq);
          StoredRecord stored =
              new StoredRecord(seq, lane, storedAt + seq, H2Outbox.withSeq(record, seq));
          old.add(stored);
          insert.setLong(1, seq);
          insert.setString(2, lane.column());
          insert.setLong(3, stored.createdMs());
          insert.setBytes(4, stored.payload());
          insert.setString(5, lane == Lane.TELEMETRY ? "a101-climate/co2" : null);
          insert.setBoolean(6, seq < 50 && lane == Lane.TELEMETRY);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    }

    // The technician's view before the agent has opened the upgraded file.
    try (OutboxReader reader = OutboxReader.open(dir)) {
      assertThat(reader.snapshot().pendingRecords()).isEqualTo(old.size());
      List<Long> visited = new ArrayList<>();
      reader.forEachPending(java.util.Optional.empty(), 0, r -> visited.add(r.seq()));
      assertThat(visited).hasSize(old.size()).isSorted();
    }

    H2Outbox outbox = open();
    assertThat(outbox.epoch()).isEqualTo(epoch);
    List<StoredRecord> moved = outbox.pendingAfter(0, 20_000);
    assertThat(moved).hasSize(old.size());
    for (int i = 0; i < old.size(); i++) {
      assertThat(moved.get(i).seq()).isEqualTo(old.get(i).seq());
      assertThat(moved.get(i).lane()).isEqualTo(old.get(i).lane());
      assertThat(moved.get(i).createdMs()).isEqualTo(old.get(i).createdMs());
      assertThat(moved.get(i).payload()).isEqualTo(old.get(i).payload());
    }
    OutboxStatus stats = outbox.stats();
    assertThat(stats.pendingRecords()).isEqualTo(old.size());
    assertThat(stats.pendingBytes()).isEqualTo(payloadBytes(old));
    assertThat(stats.evictedByLane()).containsEntry("telemetry", 2L);
    assertThat(stats.oldestPending()).contains(Instant.ofEpochMilli(storedAt + 1));
    assertThat(outbox.evictedBetween(0, 12_000)).containsExactly(new EvictedRange(101, 102));
    assertThat(outbox.laneBytes().get(Lane.ATTENDANCE))
        .isEqualTo(payloadBytes(old.stream().filter(r -> r.lane() == Lane.ATTENDANCE).toList()));
    assertThat(outbox.append(Lane.TELEMETRY, reading("co2", 0)).get(10, TimeUnit.SECONDS))
        .isEqualTo(12_003);
    close(outbox);

    try (Connection connection = jdbc();
        Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'PENDING'")) {
      rs.next();
      assertThat(rs.getLong(1)).as("the old table is gone").isZero();
    }
    List<ChunkRow> rows = chunkRows();
    assertThat(rows.stream().mapToInt(ChunkRow::records).sum()).isEqualTo(old.size() + 1);
    assertThat(rows)
        .filteredOn(r -> r.lastSeq() < 50 && r.lane().equals("telemetry"))
        .isNotEmpty()
        .allMatch(ChunkRow::thinned);
    assertThat(rows).filteredOn(r -> r.firstSeq() > 50).noneMatch(ChunkRow::thinned);
    assertThat(rows).allMatch(r -> r.records() <= Chunk.MAX_RECORDS);

    try (OutboxReader reader = OutboxReader.open(dir)) {
      assertThat(reader.snapshot().pendingRecords()).isEqualTo(old.size() + 1);
      assertThat(reader.snapshot().lane(Lane.TELEMETRY).newestSeq()).contains(12_003L);
    }
  }

  @Test
  void everySeqReportedDurableSurvivesAKillOfTheWriterMidGroup() throws Exception {
    Path base = dir.resolve("outbox");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ChunkWriter.class.getName(),
                base.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long durable = 0;
    try (var in =
        new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
      String line;
      while (durable < 3_000 && (line = in.readLine()) != null) {
        if (line.startsWith("durable ")) {
          durable = Long.parseLong(line.substring("durable ".length()));
        }
      }
      // kill -9 while the child keeps appending: its writer is somewhere inside a group.
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(durable)
        .as("the child stored records before the kill")
        .isGreaterThanOrEqualTo(3_000);

    H2Outbox outbox = open();
    List<StoredRecord> stored = outbox.pendingAfter(0, 1_000_000);
    assertThat(stored.size()).isGreaterThanOrEqualTo((int) durable);
    for (int i = 0; i < stored.size(); i++) {
      StoredRecord record = stored.get(i);
      assertThat(record.seq()).isEqualTo(i + 1);
      assertThat(record.lane()).isEqualTo(ChunkWriter.laneOf(record.seq()));
      assertThat(record.toRecord().getSeq()).isEqualTo(record.seq());
      assertThat(record.toRecord())
          .isEqualTo(ChunkWriter.recordOf(record.seq()).toBuilder().setSeq(record.seq()).build());
    }
    long next = outbox.append(Lane.TELEMETRY, reading("co2", 0)).get(10, TimeUnit.SECONDS);
    assertThat(next).isEqualTo(stored.size() + 1);
    assertThat(outbox.stats().pendingRecords()).isEqualTo(stored.size() + 1);
  }

  /** A child JVM that appends records in mixed-lane groups and prints each durable seq. */
  public static final class ChunkWriter {
    private ChunkWriter() {}

    static Lane laneOf(long seq) {
      return seq % 11 == 0 ? Lane.ATTENDANCE : seq % 5 == 0 ? Lane.EVENTS : Lane.TELEMETRY;
    }

    static Record recordOf(long seq) {
      return laneOf(seq) == Lane.ATTENDANCE ? tap((int) seq) : reading("co2", (int) seq);
    }

    public static void main(String[] args) throws Exception {
      H2Outbox outbox = H2Outbox.open(Path.of(args[0]), Clock.systemUTC(), "kill-me");
      outbox.onDurable(
          seq -> {
            System.out.println("durable " + seq);
            System.out.flush();
          });
      for (long seq = 1; ; seq++) {
        // The seqs follow the appends: one writer, no failures, so seq n is the n-th append.
        CompletableFuture<Long> stored = outbox.append(laneOf(seq), recordOf(seq));
        if (seq % 250 == 0) {
          stored.get(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
