package io.campusedge.agent.internal.outbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What an outbox file holds, read by {@link OutboxReader}: per lane and for the whole file. */
public record OutboxSnapshot(
    Path file, long epoch, Map<Lane, LaneSnapshot> lanes, long corruptFilesKept) {

  public OutboxSnapshot {
    lanes = Map.copyOf(lanes);
  }

  /** Pending (not acknowledged) records of one lane; seqs and times are empty for an empty lane. */
  public record LaneSnapshot(
      long pendingRecords,
      long pendingBytes,
      Optional<Long> oldestSeq,
      Optional<Long> newestSeq,
      Optional<Long> oldestCreatedMs,
      Optional<Long> newestCreatedMs,
      long evicted) {
    static LaneSnapshot empty(long evicted) {
      return new LaneSnapshot(
          0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), evicted);
    }
  }

  public long pendingRecords() {
    return lanes.values().stream().mapToLong(LaneSnapshot::pendingRecords).sum();
  }

  public long pendingBytes() {
    return lanes.values().stream().mapToLong(LaneSnapshot::pendingBytes).sum();
  }

  public Optional<Long> oldestCreatedMs() {
    return lanes.values().stream()
        .map(LaneSnapshot::oldestCreatedMs)
        .flatMap(Optional::stream)
        .min(Long::compare);
  }

  public LaneSnapshot lane(Lane lane) {
    return lanes.get(lane);
  }
}
