package io.campusedge.agent.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the outbox holds that the hub has not acknowledged yet; records evicted by the outbox's
 * bounds since the file was created, by lane name; how many outbox files could not be opened and
 * were moved aside (kept in the data directory as {@code outbox.corrupt-*.mv.db}); the same per
 * lane; and whether the disk is full, in which case some records wait in memory or were dropped.
 */
public record OutboxStatus(
    long epoch,
    long pendingRecords,
    long pendingBytes,
    Optional<Instant> oldestPending,
    long corruptFilesKept,
    Map<String, Long> evictedByLane,
    Map<String, LaneStatus> lanes,
    Optional<DiskFull> diskFull) {

  public OutboxStatus {
    evictedByLane = Map.copyOf(evictedByLane);
    lanes = Map.copyOf(lanes);
  }

  public OutboxStatus(
      long epoch,
      long pendingRecords,
      long pendingBytes,
      Optional<Instant> oldestPending,
      long corruptFilesKept,
      Map<String, Long> evictedByLane) {
    this(
        epoch,
        pendingRecords,
        pendingBytes,
        oldestPending,
        corruptFilesKept,
        evictedByLane,
        Map.of(),
        Optional.empty());
  }

  /** One lane ("attendance", "events", "telemetry"). */
  public record LaneStatus(
      long pendingRecords,
      long pendingBytes,
      Optional<Instant> oldestPending,
      long evicted,
      long droppedDiskFull,
      long heldInMemory) {
    public static final LaneStatus EMPTY = new LaneStatus(0, 0, Optional.empty(), 0, 0, 0);
  }

  /** The outbox could not be written since {@code since} because the disk is full. */
  public record DiskFull(Instant since, String reason) {}

  public static OutboxStatus empty(long epoch) {
    return new OutboxStatus(epoch, 0, 0, Optional.empty(), 0, Map.of());
  }

  public long evictedTotal() {
    return evictedByLane.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Lanes in a stable order, every known lane present. */
  public Map<String, LaneStatus> lanesSorted() {
    return new TreeMap<>(lanes);
  }

  /** With the memory-held and dropped counts of a full disk added to the lanes. */
  public OutboxStatus withDiskFull(
      Optional<DiskFull> full, Map<String, Long> dropped, Map<String, Long> held) {
    Map<String, LaneStatus> merged = new TreeMap<>(lanes);
    for (String lane : union(dropped, held)) {
      LaneStatus old = merged.getOrDefault(lane, LaneStatus.EMPTY);
      merged.put(
          lane,
          new LaneStatus(
              old.pendingRecords(),
              old.pendingBytes(),
              old.oldestPending(),
              old.evicted(),
              dropped.getOrDefault(lane, 0L),
              held.getOrDefault(lane, 0L)));
    }
    return new OutboxStatus(
        epoch,
        pendingRecords,
        pendingBytes,
        oldestPending,
        corruptFilesKept,
        evictedByLane,
        merged,
        full);
  }

  public long heldInMemoryTotal() {
    return lanes.values().stream().mapToLong(LaneStatus::heldInMemory).sum();
  }

  private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
    java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }
}
