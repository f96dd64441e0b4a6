package io.campusedge.agent.api;

import java.time.Instant;
import java.util.Optional;

/** What the outbox holds that the hub has not acknowledged yet. */
public record OutboxStatus(
    long epoch, long pendingRecords, long pendingBytes, Optional<Instant> oldestPending) {

  public static OutboxStatus empty(long epoch) {
    return new OutboxStatus(epoch, 0, 0, Optional.empty());
  }
}
