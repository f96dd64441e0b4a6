package io.campusedge.agent.internal.outbox;

import com.google.protobuf.CodedOutputStream;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.protos.v1.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Outbox} on an H2 file ({@code outbox.mv.db}) through plain JDBC. One writer thread takes
 * everything queued since its last commit and stores it in one transaction (group commit), packed
 * into a few {@link Chunk} rows: H2's cost is per row, so a group of N records costs one INSERT per
 * lane run, and an ack one DELETE, instead of N of each.
 */
public final class H2Outbox implements Outbox {
  private static final Logger log = LoggerFactory.getLogger(H2Outbox.class);
  private static final int MAX_GROUP = 2_000;
  private static final long CLOSE_WAIT_MS = 10_000;
  private static final long AGE_CHECK_MS = 60_000;
  private static final int SEQ_FIELD = Record.SEQ_FIELD_NUMBER;
  // Chunks read by the first query when the uplink reads from the file (up to 1,000 records);
  // each further query of the same read takes twice as many, for runs of small chunks.
  private static final int FIRST_CHUNKS_PER_READ = 2;
  private static final int MAX_CHUNKS_PER_READ = 64;
  private static final String ACKED_KEY = "acked_seq";
  // Enough just-stored records for the uplink's whole window several times over; at -Xmx32m.
  static final long RECENT_BYTES = 2L << 20;

  /*
   * Durability: in H2 2.3.232 COMMIT only marks the transaction committed in memory; the MVStore
   * background writer stores it up to WRITE_DELAY (500 ms) later and never forces the file.
   * CHECKPOINT SYNC runs Store.sync(): MVStore.commit() (writes the chunk) followed by
   * FileChannel.force(true), i.e. a real fsync; plain CHECKPOINT writes without forcing. We issue
   * it once per group so every record in the group shares its cost. Measured on the dev VM (ext4,
   * virtio): bare COMMIT 0.006 ms, COMMIT + CHECKPOINT SYNC 0.4 ms (1 row) to 1.6 ms (100 rows)
   * per group; on a Pi's SD card an fsync is typically several ms, hence the grouping.
   */
  private static final String SYNC = "CHECKPOINT SYNC";

  private final Path file;
  private final Clock clock;
  private final Connection writer;
  private final Connection reader;
  private final long epoch;
  private final long corruptFilesKept;
  private final Runnable beforeSync;
  private final OutboxEviction eviction;
  // Guards the reader connection and every deletion of rows (acks against eviction); taken before
  // this, so the writer thread does not wait for an ack's DELETE to add its group.
  private final Object rows = new Object();
  // Guarded by this: bytes of pending payload per lane, records evicted per lane for ever.
  private final Map<Lane, Long> laneBytes = new EnumMap<>(Lane.class);
  private final Map<Lane, Long> evictedByLane = new EnumMap<>(Lane.class);
  private long lastAgeCheckMs;
  // Guarded by this: what the uplink sends from without reading H2, and the last acked seq.
  private final RecentRecords recent = new RecentRecords(RECENT_BYTES);
  private long ackedUpTo;
  // Writer thread only: chunks ending up to here are deleted and the seq is in meta. Acked records
  // above it, and those of a chunk only partly acked, are hidden from reads, stats and eviction.
  private long deletedUpTo;
  private long lastEvictionWarnMs = Long.MIN_VALUE / 2;
  private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
  private final List<LongConsumer> durableListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Map<Lane, List<EvictedRange>>>> evictionListeners =
      new CopyOnWriteArrayList<>();
  private final Thread writerThread;
  private volatile boolean closed;
  private long nextSeq;
  // Highest seq forced to disk. Readers see rows once committed, a moment before the fsync; a row
  // sent in that moment and then lost to a kill -9 would leave its seq to a different record.
  private volatile long durableSeq;

  private sealed interface Queued permits Write, Barrier, Acked, Stop {}

  private record Write(Lane lane, Record record, long createdMs, CompletableFuture<Long> done)
      implements Queued {}

  private record Barrier(CompletableFuture<Void> done) implements Queued {}

  /** Wakes the writer to delete the rows up to {@code ackedUpTo}. */
  private record Acked() implements Queued {}

  private record Stop() implements Queued {}

  private H2Outbox(
      Path file,
      Clock clock,
      Connection writer,
      Connection reader,
      String name,
      long epochFloor,
      long corruptFilesKept,
      AgentConfig.OutboxSettings limits,
      Runnable beforeSync)
      throws SQLException {
    this.beforeSync = beforeSync;
    this.eviction = new OutboxEviction(limits);
    this.file = file;
    this.clock = clock;
    this.writer = writer;
    this.reader = reader;
    this.corruptFilesKept = corruptFilesKept;
    createSchema();
    writer.setAutoCommit(false);
    long moved = PendingTableMigration.run(writer);
    long[] meta = readOrCreateMeta(epochFloor);
    this.epoch = meta[0];
    this.nextSeq = meta[1];
    this.durableSeq = nextSeq - 1;
    this.ackedUpTo = meta(ACKED_KEY).orElse(0L);
    this.deletedUpTo = ackedUpTo;
    writer.commit();
    if (moved > 0) {
      sync();
      log.info(
          "Outbox {}: moved {} records of the old one-row-per-record table into chunks",
          file,
          moved);
    }
    loadLaneBytes();
    loadEvictionCounts();
    this.writerThread = new Thread(this::writeLoop, "campusedge-outbox-" + name);
    this.writerThread.setDaemon(true);
  }

  /**
   * Opens or creates {@code base}{@code .mv.db}. {@code name} (the gateway id) names the writer
   * thread so several agents in one JVM stay apart. A file H2 cannot open is moved aside (kept) and
   * a new outbox with a new epoch starts in its place.
   */
  public static H2Outbox open(Path base, Clock clock, String name) throws OutboxException {
    return open(base, clock, name, AgentConfig.OutboxSettings.DEFAULTS);
  }

  /** With bounds: beyond them the counted eviction policy ({@link OutboxEviction}) runs. */
  public static H2Outbox open(
      Path base, Clock clock, String name, AgentConfig.OutboxSettings limits)
      throws OutboxException {
    return open(base, clock, name, limits, () -> {});
  }

  /** {@code beforeSync} runs on the writer thread between a group's COMMIT and its fsync. */
  static H2Outbox open(
      Path base, Clock clock, String name, AgentConfig.OutboxSettings limits, Runnable beforeSync)
      throws OutboxException {
    CorruptOutboxFiles corrupt = new CorruptOutboxFiles(base);
    try {
      Path dir = base.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try {
        return openFile(base, clock, name, corrupt, limits, beforeSync);
      } catch (CorruptOutboxException e) {
        Path kept = corrupt.moveAside(clock.instant());
        log.error(
            "Outbox {} cannot be opened ({}); moved it aside to {} (kept, not deleted) and"
                + " started a new outbox with a new epoch",
            corrupt.liveFile(),
            e.getCause() == null ? e.getMessage() : e.getCause().getMessage(),
            kept);
        return openFile(base, clock, name, corrupt, limits, beforeSync);
      }
    } catch (IOException e) {
      throw new OutboxException("cannot open outbox " + base + ".mv.db: " + e, e);
    }
  }

  private static H2Outbox openFile(
      Path base,
      Clock clock,
      String name,
      CorruptOutboxFiles corrupt,
      AgentConfig.OutboxSettings limits,
      Runnable beforeSync)
      throws OutboxException, IOException {
    String url = "jdbc:h2:file:" + base.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    Connection writer = null;
    Connection reader = null;
    try {
      writer = DriverManager.getConnection(url, "sa", "");
      reader = DriverManager.getConnection(url, "sa", "");
      H2Outbox outbox =
          new H2Outbox(
              base,
              clock,
              writer,
              reader,
              name,
              corrupt.newestModifiedMs(),
              corrupt.count(),
              limits,
              beforeSync);
      outbox.writerThread.start();
      log.info(
          "Outbox {} opened: epoch {}, next seq {}", base + ".mv.db", outbox.epoch, outbox.nextSeq);
      return outbox;
    } catch (SQLException e) {
      closeQuietly(reader);
      closeQuietly(writer);
      if (CorruptOutboxFiles.isCorruption(e)) {
        throw new CorruptOutboxException("outbox " + base + ".mv.db is corrupt: " + e, e);
      }
      throw new OutboxException(
          "cannot open outbox " + base + ".mv.db (is another agent using this dataDir?): " + e, e);
    }
  }

  private void createSchema() throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute(ChunkTable.CREATE);
      st.execute(
          "CREATE TABLE IF NOT EXISTS meta (name VARCHAR(32) PRIMARY KEY, val BIGINT NOT NULL)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS evicted (first_seq BIGINT PRIMARY KEY,"
              + " last_seq BIGINT NOT NULL)");
    }
  }

  private void loadLaneBytes() throws SQLException {
    ChunkTable.totals(writer, ackedUpTo, Long.MAX_VALUE)
        .forEach((lane, total) -> laneBytes.put(lane, total.bytes()));
    writer.commit();
  }

  private void loadEvictionCounts() throws SQLException {
    for (Lane lane : Lane.values()) {
      evictedByLane.put(lane, meta(evictedKey(lane)).orElse(0L));
    }
    writer.commit();
  }

  private static String evictedKey(Lane lane) {
    return "evicted_" + lane.column();
  }

  /**
   * Returns {epoch, nextSeq}; a new file gets the current wall-clock ms as its epoch, but always
   * above {@code epochFloor} (the newest kept corrupt file), so no epoch is ever used twice.
   */
  private long[] readOrCreateMeta(long epochFloor) throws SQLException {
    writer.setAutoCommit(false);
    Optional<Long> storedEpoch = meta("epoch");
    if (storedEpoch.isPresent()) {
      long next = Math.max(meta("next_seq").orElse(1L), maxSeq() + 1);
      writer.commit();
      return new long[] {storedEpoch.get(), next};
    }
    long newEpoch = Math.max(clock.millis(), epochFloor + 1);
    try (PreparedStatement insert =
        writer.prepareStatement("INSERT INTO meta (name, val) VALUES (?, ?)")) {
      insert.setString(1, "epoch");
      insert.setLong(2, newEpoch);
      insert.executeUpdate();
      insert.setString(1, "next_seq");
      insert.setLong(2, 1);
      insert.executeUpdate();
    }
    writer.commit();
    sync();
    return new long[] {newEpoch, 1};
  }

  private Optional<Long> meta(String name) throws SQLException {
    try (PreparedStatement select =
        writer.prepareStatement("SELECT val FROM meta WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private long maxSeq() throws SQLException {
    return ChunkTable.maxSeq(writer);
  }

  @Override
  public long epoch() {
    return epoch;
  }

  @Override
  public CompletableFuture<Long> append(Lane lane, Record record) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new OutboxException("outbox " + file + " is closed"));
      return done;
    }
    queue.add(new Write(lane, record, clock.millis(), done));
    return done;
  }

  @Override
  public CompletableFuture<Void> flush() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed && !writerThread.isAlive()) {
      done.complete(null);
      return done;
    }
    queue.add(new Barrier(done));
    return done;
  }

  @Override
  public void onDurable(LongConsumer listener) {
    durableListeners.add(listener);
  }

  /**
   * Told, on the writer thread, the seqs of every eviction round by lane once it is committed:
   * exactly the records the per-lane counters counted, whether or not the hub already had them.
   */
  public void onEvicted(Consumer<Map<Lane, List<EvictedRange>>> listener) {
    evictionListeners.add(listener);
  }

  private void writeLoop() {
    List<Queued> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(group, MAX_GROUP - 1);
      stopping = group.stream().anyMatch(Stop.class::isInstance);
      writeGroup(group);
      group.clear();
    }
  }

  private void writeGroup(List<Queued> group) {
    deleteAcked();
    List<Write> writes = new ArrayList<>();
    for (Queued item : group) {
      if (item instanceof Write write) {
        writes.add(write);
      }
    }
    if (!writes.isEmpty()) {
      commitDurably(writes);
    }
    for (Queued item : group) {
      if (item instanceof Barrier barrier) {
        barrier.done().complete(null);
      }
    }
  }

  private void commitDurably(List<Write> writes) {
    long first = nextSeq;
    long started = System.nanoTime();
    try {
      List<StoredRecord> stored = new ArrayList<>(writes.size());
      Map<Lane, Long> added = insert(writes, first, stored);
      writer.commit();
      addBytes(added);
      beforeSync.run();
      sync();
      remember(stored);
    } catch (SQLException e) {
      rollbackQuietly();
      resyncNextSeq();
      log.error("Outbox {}: could not store {} records: {}", file, writes.size(), e.toString());
      OutboxException failure = new OutboxException("outbox write failed: " + e, e);
      writes.forEach(write -> write.done().completeExceptionally(failure));
      return;
    }
    nextSeq = first + writes.size();
    durableSeq = nextSeq - 1;
    log.debug(
        "Outbox stored seq {}..{} in {} us",
        first,
        nextSeq - 1,
        (System.nanoTime() - started) / 1_000);
    notifyDurable(nextSeq - 1);
    for (int i = 0; i < writes.size(); i++) {
      writes.get(i).done().complete(first + i);
    }
    evictIfNeeded();
  }

  /**
   * After a failed group: if its COMMIT went through but the fsync did not, its seqs are taken; the
   * next group must not reuse them.
   */
  private void resyncNextSeq() {
    try {
      nextSeq = Math.max(nextSeq, maxSeq() + 1);
      writer.commit();
    } catch (SQLException e) {
      log.warn("Outbox {}: cannot re-read the next seq: {}", file, e.toString());
    }
  }

  /**
   * Stores the group as chunks (a run of one lane each) and moves next_seq past it; returns the
   * payload bytes added per lane.
   */
  private Map<Lane, Long> insert(List<Write> writes, long first, List<StoredRecord> stored)
      throws SQLException {
    Map<Lane, Long> added = new EnumMap<>(Lane.class);
    long seq = first;
    for (Write write : writes) {
      byte[] payload = withSeq(write.record(), seq);
      added.merge(write.lane(), (long) payload.length, Long::sum);
      stored.add(new StoredRecord(seq, write.lane(), write.createdMs(), payload));
      seq++;
    }
    ChunkTable.insert(writer, Chunk.cut(stored, false));
    try (PreparedStatement next =
        writer.prepareStatement("UPDATE meta SET val = ? WHERE name = 'next_seq'")) {
      next.setLong(1, seq);
      next.executeUpdate();
    }
    return added;
  }

  /**
   * The record's bytes with {@code seq} set. {@code seq} is field 1, so for a record without one
   * writing it in front of the record's own bytes gives exactly what {@code
   * toBuilder().setSeq(seq).build().toByteArray()} gives, without copying the message first.
   */
  static byte[] withSeq(Record record, long seq) {
    if (record.getSeq() != 0 || seq == 0) {
      return record.toBuilder().setSeq(seq).build().toByteArray();
    }
    int size = record.getSerializedSize();
    byte[] bytes = new byte[CodedOutputStream.computeUInt64Size(SEQ_FIELD, seq) + size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeUInt64(SEQ_FIELD, seq);
      record.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("record encoding miscounted its size", e);
    }
    return bytes;
  }

  private synchronized void remember(List<StoredRecord> stored) {
    recent.addDurable(stored);
  }

  /** The payload bytes per lane the bounds are checked against (unacknowledged records). */
  synchronized Map<Lane, Long> laneBytes() {
    return new EnumMap<>(laneBytes);
  }

  private synchronized void addBytes(Map<Lane, Long> added) {
    added.forEach((lane, bytes) -> laneBytes.merge(lane, bytes, Long::sum));
  }

  /**
   * Runs the eviction policy when the lanes are over budget, or once a minute for the age rule, in
   * its own durable transaction after the group that filled the outbox.
   */
  private void evictIfNeeded() {
    long now = clock.millis();
    if (!evictionDue(now)) {
      return;
    }
    synchronized (rows) {
      evict(now);
    }
  }

  private synchronized boolean evictionDue(long now) {
    boolean ageDue = now - lastAgeCheckMs >= AGE_CHECK_MS || now < lastAgeCheckMs;
    if (!ageDue && !eviction.overBudget(laneBytes)) {
      return false;
    }
    lastAgeCheckMs = now;
    return true;
  }

  private synchronized void evict(long now) {
    // Under the rows lock no ack moves: eviction must neither see nor count acknowledged rows, so
    // it waits for the next group if their DELETE failed.
    if (!deleteAcked()) {
      return;
    }
    try {
      OutboxEviction.Result result = eviction.run(writer, laneBytes, now, deletedUpTo);
      if (result.isEmpty()) {
        writer.commit();
        return;
      }
      recent.clear();
      result.records().forEach((lane, count) -> evictedByLane.merge(lane, count, Long::sum));
      for (Lane lane : result.records().keySet()) {
        setMeta(evictedKey(lane), evictedByLane.get(lane));
      }
      writer.commit();
      // Committed is evicted, as for an appended group: the bytes and the listeners follow the
      // commit even if the fsync below fails (the counters went in the same commit).
      result.bytes().forEach((lane, bytes) -> laneBytes.merge(lane, -bytes, Long::sum));
      notifyEvicted(result.byLane());
      sync();
      reportEviction(result, now);
    } catch (SQLException e) {
      rollbackQuietly();
      evictedByLane.clear();
      reloadCountsQuietly();
      log.error("Outbox {}: eviction failed: {}", file, e.toString());
    }
  }

  /** WARN at most once a minute while the outbox stays full; every round at DEBUG. */
  private void reportEviction(OutboxEviction.Result result, long now) {
    long records = result.records().values().stream().mapToLong(Long::longValue).sum();
    if (now - lastEvictionWarnMs >= AGE_CHECK_MS || now < lastEvictionWarnMs) {
      lastEvictionWarnMs = now;
      log.warn(
          "Outbox {} is full or holds too old records: evicted {} now; evicted so far by lane {}",
          file,
          records,
          evictedByLane);
    } else {
      log.debug("Outbox evicted {} records in {} ranges", records, result.ranges().size());
    }
  }

  private void reloadCountsQuietly() {
    try {
      loadEvictionCounts();
    } catch (SQLException e) {
      log.warn("Outbox eviction counters unreadable: {}", e.toString());
    }
  }

  private void setMeta(String name, long value) throws SQLException {
    try (PreparedStatement merge =
        writer.prepareStatement("MERGE INTO meta (name, val) KEY (name) VALUES (?, ?)")) {
      merge.setString(1, name);
      merge.setLong(2, value);
      merge.executeUpdate();
    }
  }

  @Override
  public List<EvictedRange> evictedBetween(long afterSeq, long upToSeq) throws OutboxException {
    synchronized (rows) {
      return evictedRanges(afterSeq, upToSeq);
    }
  }

  private List<EvictedRange> evictedRanges(long afterSeq, long upToSeq) throws OutboxException {
    String sql =
        "SELECT first_seq, last_seq FROM evicted WHERE last_seq > ? AND first_seq <= ?"
            + " ORDER BY first_seq";
    try (PreparedStatement select = reader.prepareStatement(sql)) {
      select.setLong(1, Math.max(afterSeq, acknowledged()));
      select.setLong(2, upToSeq);
      List<EvictedRange> ranges = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ranges.add(new EvictedRange(rs.getLong(1), rs.getLong(2)));
        }
      }
      return ranges;
    } catch (SQLException e) {
      throw new OutboxException("outbox read failed: " + e, e);
    }
  }

  private void sync() throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute(SYNC);
    }
  }

  private void notifyDurable(long seq) {
    for (LongConsumer listener : durableListeners) {
      try {
        listener.accept(seq);
      } catch (RuntimeException e) {
        log.warn("Outbox listener failed", e);
      }
    }
  }

  private void notifyEvicted(Map<Lane, List<EvictedRange>> ranges) {
    for (Consumer<Map<Lane, List<EvictedRange>>> listener : evictionListeners) {
      try {
        listener.accept(Map.copyOf(ranges));
      } catch (RuntimeException e) {
        log.warn("Outbox eviction listener failed", e);
      }
    }
  }

  @Override
  public List<StoredRecord> pendingAfter(long afterSeq, int limit) throws OutboxException {
    Optional<List<StoredRecord>> inMemory;
    synchronized (this) {
      inMemory = recent.after(afterSeq, limit);
    }
    if (inMemory.isPresent()) {
      return inMemory.get();
    }
    synchronized (rows) {
      return storedAfter(afterSeq, limit);
    }
  }

  private List<StoredRecord> storedAfter(long afterSeq, int limit) throws OutboxException {
    long upTo = durableSeq;
    long after = Math.max(afterSeq, acknowledged());
    List<StoredRecord> records = new ArrayList<>();
    try {
      int chunks = FIRST_CHUNKS_PER_READ;
      while (records.size() < limit) {
        List<Chunk> page = ChunkTable.page(reader, after, upTo, Optional.empty(), chunks);
        for (Chunk chunk : page) {
          for (StoredRecord record : chunk.records()) {
            if (record.seq() > after && record.seq() <= upTo && records.size() < limit) {
              records.add(record);
            }
          }
          after = chunk.lastSeq();
        }
        if (page.size() < chunks) {
          break;
        }
        chunks = Math.min(chunks * 2, MAX_CHUNKS_PER_READ);
      }
      return records;
    } catch (SQLException e) {
      throw new OutboxException("outbox read failed: " + e, e);
    }
  }

  /**
   * Counts the records up to {@code seq} as gone at once (reads and stats skip them) and leaves
   * their DELETE to the writer thread, in its own commit before its next group: one session changes
   * the table, and the uplink thread does no H2 write. Not forced to disk: a lost delete only means
   * a resend the hub drops as a duplicate. Returns how many pending records the ack covered.
   */
  @Override
  public int ackUpTo(long ackEpoch, long seq) throws OutboxException {
    AckedRows acked;
    synchronized (rows) {
      long floor;
      synchronized (this) {
        if (ackEpoch != epoch || seq <= ackedUpTo) {
          return 0;
        }
        floor = ackedUpTo;
      }
      acked = ackedRows(floor, seq);
      synchronized (this) {
        acked.bytes().forEach((lane, bytes) -> laneBytes.merge(lane, -bytes, Long::sum));
        ackedUpTo = seq;
      }
    }
    if (!closed) {
      queue.add(new Acked());
    }
    return (int) acked.records();
  }

  private synchronized long acknowledged() {
    return ackedUpTo;
  }

  /**
   * On the writer thread: deletes the chunks acks covered whole since the last time, in its own
   * commit, with the acked seq, which keeps the acked records of a chunk cut by the ack hidden
   * after a restart. False when the DELETE failed (acked chunks are still in the table).
   */
  private boolean deleteAcked() {
    long upTo = acknowledged();
    if (upTo <= deletedUpTo) {
      return true;
    }
    // first_seq <= ? too: the condition on the primary key stops H2 reading the unacked chunks.
    try (PreparedStatement delete =
            writer.prepareStatement("DELETE FROM chunk WHERE first_seq <= ? AND last_seq <= ?");
        PreparedStatement ranges =
            writer.prepareStatement("DELETE FROM evicted WHERE last_seq <= ?")) {
      delete.setLong(1, upTo);
      delete.setLong(2, upTo);
      delete.executeUpdate();
      ranges.setLong(1, upTo);
      ranges.executeUpdate();
      setMeta(ACKED_KEY, upTo);
      writer.commit();
      deletedUpTo = upTo;
      return true;
    } catch (SQLException e) {
      rollbackQuietly();
      log.warn(
          "Outbox {}: acknowledged rows up to seq {} not deleted yet (retried with the next"
              + " group): {}",
          file,
          upTo,
          e.toString());
      return false;
    }
  }

  /** The pending records in ({@code floor}, {@code seq}]: from memory when it holds them all. */
  private AckedRows ackedRows(long floor, long seq) throws OutboxException {
    Optional<AckedRows> inMemory;
    synchronized (this) {
      inMemory = recent.takeUpTo(floor, seq);
    }
    if (inMemory.isPresent()) {
      return inMemory.get();
    }
    Map<Lane, Long> bytes = new EnumMap<>(Lane.class);
    long records = 0;
    try {
      for (Map.Entry<Lane, ChunkTable.LaneTotal> lane :
          ChunkTable.totals(reader, floor, seq).entrySet()) {
        records += lane.getValue().records();
        bytes.put(lane.getKey(), lane.getValue().bytes());
      }
      return new AckedRows(records, bytes);
    } catch (SQLException e) {
      synchronized (this) {
        recent.clear();
      }
      throw new OutboxException("outbox read failed: " + e, e);
    }
  }

  @Override
  public OutboxStatus stats() throws OutboxException {
    synchronized (rows) {
      synchronized (this) {
        return status();
      }
    }
  }

  private OutboxStatus status() throws OutboxException {
    try {
      Map<Lane, ChunkTable.LaneTotal> totals = ChunkTable.totals(reader, ackedUpTo, Long.MAX_VALUE);
      Map<String, OutboxStatus.LaneStatus> lanes = new TreeMap<>();
      Map<String, Long> evicted = new TreeMap<>();
      long records = 0;
      long bytes = 0;
      Optional<Long> oldest = Optional.empty();
      for (Lane lane : Lane.values()) {
        ChunkTable.LaneTotal total = totals.getOrDefault(lane, ChunkTable.LaneTotal.EMPTY);
        long laneEvicted = evictedByLane.getOrDefault(lane, 0L);
        evicted.put(lane.column(), laneEvicted);
        lanes.put(
            lane.column(),
            new OutboxStatus.LaneStatus(
                total.records(),
                total.bytes(),
                total.oldestMs().map(Instant::ofEpochMilli),
                laneEvicted,
                0,
                0));
        records += total.records();
        bytes += total.bytes();
        oldest = earlier(oldest, total.oldestMs());
      }
      return new OutboxStatus(
          epoch,
          records,
          bytes,
          oldest.map(Instant::ofEpochMilli),
          corruptFilesKept,
          evicted,
          lanes,
          Optional.empty());
    } catch (SQLException e) {
      throw new OutboxException("outbox stats failed: " + e, e);
    }
  }

  private static Optional<Long> earlier(Optional<Long> a, Optional<Long> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : Optional.of(Math.min(a.get(), b.get()));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(new Stop());
    try {
      writerThread.join(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    OutboxException closedFailure = new OutboxException("outbox " + file + " is closed");
    for (Queued late : queue) {
      if (late instanceof Write write) {
        write.done().completeExceptionally(closedFailure);
      } else if (late instanceof Barrier barrier) {
        barrier.done().complete(null);
      }
    }
    synchronized (rows) {
      synchronized (this) {
        closeQuietly(reader);
        closeQuietly(writer);
      }
    }
    log.info("Outbox {} closed", file + ".mv.db");
  }

  private void rollbackQuietly() {
    try {
      writer.rollback();
    } catch (SQLException e) {
      log.warn("Outbox rollback failed: {}", e.toString());
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("Closing outbox connection failed: {}", e.toString());
    }
  }
}
