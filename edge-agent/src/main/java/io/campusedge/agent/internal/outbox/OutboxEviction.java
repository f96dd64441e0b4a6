package io.campusedge.agent.internal.outbox;

import io.campusedge.agent.api.AgentConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outbox's counted eviction policy, run inside the writer's transaction. Order: telemetry and
 * events older than maxAge; then, while telemetry and events use more than their share (maxBytes
 * minus the attendance reserve), thin unthinned telemetry to every n-th reading per series, drop
 * the oldest telemetry, drop the oldest events. Attendance rows are never touched.
 */
final class OutboxEviction {
  private static final int CHUNK = 1_000;

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

  private record Row(long seq, Lane lane, String series, long bytes) {}

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

  /** Deletes what the policy says and records the ranges; the caller commits. */
  Result run(Connection connection, Map<Lane, Long> laneBytes, long nowMs) throws SQLException {
    Map<Lane, Long> bytes = new EnumMap<>(laneBytes);
    List<Row> victims = new ArrayList<>();
    evict(connection, aged(connection, nowMs - limits.maxAge().toMillis()), bytes, victims);
    if (overBudget(bytes)) {
      evict(connection, thinning(connection), bytes, victims);
      markThinned(connection);
    }
    for (Lane lane : List.of(Lane.TELEMETRY, Lane.EVENTS)) {
      while (overBudget(bytes)) {
        List<Row> oldest = enoughOfTheOldest(connection, lane, bytes);
        if (oldest.isEmpty()) {
          break;
        }
        evict(connection, oldest, bytes, victims);
      }
    }
    return result(connection, victims);
  }

  private void evict(Connection connection, List<Row> rows, Map<Lane, Long> bytes, List<Row> all)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM pending WHERE seq = ?")) {
      for (Row row : rows) {
        delete.setLong(1, row.seq());
        delete.addBatch();
        bytes.merge(row.lane(), -row.bytes(), Long::sum);
      }
      delete.executeBatch();
    }
    all.addAll(rows);
  }

  /** The oldest rows of {@code lane}, as many as it takes to get back within budget. */
  private List<Row> enoughOfTheOldest(Connection connection, Lane lane, Map<Lane, Long> bytes)
      throws SQLException {
    List<Row> chunk =
        rows(
            connection,
            "SELECT seq, lane, series, OCTET_LENGTH(payload) FROM pending WHERE lane = '"
                + lane.column()
                + "' ORDER BY seq LIMIT "
                + CHUNK);
    long excess = Math.max(evictableBytes(bytes) - budget(), total(bytes) - limits.maxBytes());
    List<Row> taken = new ArrayList<>();
    for (Row row : chunk) {
      if (excess <= 0) {
        break;
      }
      taken.add(row);
      excess -= row.bytes();
    }
    return taken;
  }

  private List<Row> aged(Connection connection, long cutoffMs) throws SQLException {
    return rows(
        connection,
        "SELECT seq, lane, series, OCTET_LENGTH(payload) FROM pending"
            + " WHERE lane <> 'attendance' AND created_ms < "
            + cutoffMs
            + " ORDER BY seq");
  }

  /** Of each series' unthinned telemetry, keeps the 1st, (n+1)th, … reading. */
  private List<Row> thinning(Connection connection) throws SQLException {
    List<Row> unthinned =
        rows(
            connection,
            "SELECT seq, lane, series, OCTET_LENGTH(payload) FROM pending"
                + " WHERE lane = 'telemetry' AND NOT thinned ORDER BY seq");
    Map<String, Integer> seen = new HashMap<>();
    List<Row> dropped = new ArrayList<>();
    for (Row row : unthinned) {
      int index = seen.merge(row.series() == null ? "" : row.series(), 1, Integer::sum) - 1;
      if (index % limits.thinKeepEvery() != 0) {
        dropped.add(row);
      }
    }
    return dropped;
  }

  private static void markThinned(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.executeUpdate(
          "UPDATE pending SET thinned = TRUE WHERE lane = 'telemetry' AND NOT thinned");
    }
  }

  private static List<Row> rows(Connection connection, String sql) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(
            new Row(
                rs.getLong(1), Lane.fromColumn(rs.getString(2)), rs.getString(3), rs.getLong(4)));
      }
    }
    return rows;
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
