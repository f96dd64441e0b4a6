package io.campusedge.agent.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the outbox holds that the hub has not acknowledged yet; records evicted by the outbox's
 * bounds since the file was created, by lane name; and how many outbox files could not be opened
 * and were moved aside (kept in the data directory as {@code outbox.corrupt-*.mv.db}).
 */
public record OutboxStatus(
    long epoch,
    long pendingRecords,
    long pendingBytes,
    Optional<Instant> oldestPending,
    long corruptFilesKept,
    Map<String, Long> evictedByLane) {

  public OutboxStatus {
    evictedByLane = Map.copyOf(evictedByLane);
  }

  public static OutboxStatus empty(long epoch) {
    return new OutboxStatus(epoch, 0, 0, Optional.empty(), 0, Map.of());
  }

  public long evictedTotal() {
    return evictedByLane.values().stream().mapToLong(Long::longValue).sum();
  }
}
