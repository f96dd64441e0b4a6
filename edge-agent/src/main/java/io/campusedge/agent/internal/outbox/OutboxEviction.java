package io.campusedge.agent.internal.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.protos.v1.Record;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The outbox's counted eviction policy, run inside the writer's transaction. Order: telemetry and
 * events older than maxAge; then, while telemetry and events use more than their share (maxBytes
 * minus the attendance reserve), thin unthinned telemetry to every n-th reading per series, drop
 * the oldest telemetry, drop the oldest events. Attendance records are never touched, nor records
 * already acknowledged (a chunk the last ack cut through still holds some).
 *
 * <p>A chunk that loses records is rewritten: its row is deleted and the survivors go in as a new
 * chunk keyed by the first of them. Eviction is rare, so it reads one chunk at a time.
 */
final class OutboxEviction {
  private final AgentConfig.OutboxSettings limits;

  /** What one run removed; {@code byLane}: the same seqs as {@code ranges}, by lane. */
  record Result(
      List<EvictedRange> ranges,
      Map<Lane, List<EvictedRange>> byLane,
      Map<Lane, Long> records,
      Map<Lane, Long> bytes) {
    boolean isEmpty() {
      return ranges.isEmpty();
    }
  }

  private record Row(long seq, Lane lane, long bytes) {}

  /** One run's state: the acked seq, the lanes' bytes as they shrink, and what went. */
  private static final class Round {
    final Connection connection;
    final long ackedUpTo;
    final Map<Lane, Long> bytes;
    final List<Row> victims = new ArrayList<>();

    Round(Connection connection, long ackedUpTo, Map<Lane, Long> laneBytes) {
      this.connection = connection;
      this.ackedUpTo = ackedUpTo;
      this.bytes = new EnumMap<>(laneBytes);
    }
  }

  OutboxEviction(AgentConfig.OutboxSettings limits) {
    this.limits = limits;
  }

  /** True when the lanes' bytes call for more than the age rule. */
  boolean overBudget(Map<Lane, Long> laneBytes) {
    return evictableBytes(laneBytes) > budget() || total(laneBytes) > limits.maxBytes();
  }

  private long budget() {
    return limits.maxBytes() - limits.attendanceReserveBytes();
  }

  private static long evictableBytes(Map<Lane, Long> laneBytes) {
    return laneBytes.getOrDefault(Lane.TELEMETRY, 0L) + laneBytes.getOrDefault(Lane.EVENTS, 0L);
  }

  private static long total(Map<Lane, Long> laneBytes) {
    return laneBytes.values().stream().mapToLong(Long::longValue).sum();
  }

  private long excess(Map<Lane, Long> bytes) {
    return Math.max(evictableBytes(bytes) - budget(), total(bytes) - limits.maxBytes());
  }

  /**
   * Deletes what the policy says among the records above {@code ackedUpTo} and records the ranges;
   * the caller commits.
   */
  Result run(Connection connection, Map<Lane, Long> laneBytes, long nowMs, long ackedUpTo)
      throws SQLException {
    Round round = new Round(connection, ackedUpTo, laneBytes);
    long cutoffMs = nowMs - limits.maxAge().toMillis();
    for (long key :
        ChunkTable.keys(connection, "lane <> 'attendance' AND oldest_ms < " + cutoffMs)) {
      drop(round, key, record -> record.createdMs() < cutoffMs);
    }
    if (overBudget(round.bytes)) {
      thin(round);
    }
    for (Lane lane : List.of(Lane.TELEMETRY, Lane.EVENTS)) {
      for (long key : ChunkTable.keys(connection, "lane = '" + lane.column() + "'")) {
        if (!overBudget(round.bytes)) {
          break;
        }
        long[] excess = {excess(round.bytes)};
        drop(
            round,
            key,
            record -> {
              if (excess[0] <= 0) {
                return false;
              }
              excess[0] -= record.payload().length;
              return true;
            });
      }
    }
    return result(connection, round.victims);
  }

  /** Of each series' unthinned telemetry, keeps the 1st, (n+1)th, … reading; marks the rest. */
  private void thin(Round round) throws SQLException {
    Map<String, Integer> seen = new HashMap<>();
    for (long key : ChunkTable.keys(round.connection, "lane = 'telemetry' AND NOT thinned")) {
      drop(
          round,
          key,
          record -> {
            int index = seen.merge(seriesOf(record), 1, Integer::sum) - 1;
            return index % limits.thinKeepEvery() != 0;
          });
    }
    try (Statement st = round.connection.createStatement()) {
      st.executeUpdate("UPDATE chunk SET thinned = TRUE WHERE lane = 'telemetry' AND NOT thinned");
    }
  }

  /**
   * Asks {@code doomed} about each unacknowledged record of chunk {@code key}, in seq order, and
   * rewrites the chunk without those it names (acked records go with them: nothing reads them).
   */
  private static void drop(Round round, long key, Predicate<StoredRecord> doomed)
      throws SQLException {
    Optional<Chunk> found = ChunkTable.byKey(round.connection, key);
    if (found.isEmpty()) {
      return;
    }
    Chunk chunk = found.get();
    List<StoredRecord> kept = new ArrayList<>();
    List<Row> gone = new ArrayList<>();
    for (StoredRecord record : chunk.records()) {
      if (record.seq() <= round.ackedUpTo) {
        continue;
      }
      if (doomed.test(record)) {
        gone.add(new Row(record.seq(), chunk.lane(), record.payload().length));
      } else {
        kept.add(record);
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    Optional<Chunk> left =
        kept.isEmpty() ? Optional.empty() : Optional.of(chunk.with(kept, chunk.thinned()));
    ChunkTable.rewrite(round.connection, key, left);
    for (Row row : gone) {
      round.bytes.merge(row.lane(), -row.bytes(), Long::sum);
    }
    round.victims.addAll(gone);
  }

  /** Thinning keeps every n-th reading per series: a device's metric, or its status. */
  static String seriesOf(StoredRecord stored) {
    Record record;
    try {
      record = stored.toRecord();
    } catch (InvalidProtocolBufferException e) {
      return "";
    }
    if (record.hasReading()) {
      return record.getReading().getDeviceId() + "/" + record.getReading().getMetric();
    }
    if (record.hasDeviceStatus()) {
      return record.getDeviceStatus().getDeviceId() + "/status";
    }
    return "";
  }

  private static Result result(Connection connection, List<Row> victims) throws SQLException {
    Map<Lane, Long> records = new EnumMap<>(Lane.class);
    Map<Lane, Long> bytes = new EnumMap<>(Lane.class);
    List<Long> seqs = new ArrayList<>(victims.size());
    Map<Lane, List<Long>> laneSeqs = new EnumMap<>(Lane.class);
    for (Row row : victims) {
      seqs.add(row.seq());
      laneSeqs.computeIfAbsent(row.lane(), lane -> new ArrayList<>()).add(row.seq());
      records.merge(row.lane(), 1L, Long::sum);
      bytes.merge(row.lane(), row.bytes(), Long::sum);
    }
    seqs.sort(null);
    Map<Lane, List<EvictedRange>> byLane = new EnumMap<>(Lane.class);
    laneSeqs.forEach(
        (lane, laneList) -> {
          laneList.sort(null);
          byLane.put(lane, EvictedRange.of(laneList));
        });
    List<EvictedRange> ranges = EvictedRange.of(seqs);
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO evicted (first_seq, last_seq) VALUES (?, ?)")) {
      for (EvictedRange range : ranges) {
        insert.setLong(1, range.first());
        insert.setLong(2, range.last());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return new Result(ranges, byLane, records, bytes);
  }
}
