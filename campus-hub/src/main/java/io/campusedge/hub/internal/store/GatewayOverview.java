package io.campusedge.hub.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered gateway as operators see it: its last state and, for its current epoch, how far the
 * hub has stored its records and how many gaps it saw. Empty fields: never connected yet.
 */
public record GatewayOverview(
    String gatewayId,
    String site,
    boolean online,
    Optional<Instant> lastSeen,
    Optional<String> softwareVersion,
    Optional<Long> epoch,
    Optional<Long> uptoSeq,
    Optional<Long> gaps,
    Health health) {

  /**
   * What the gateway last said about itself: records waiting in its outbox and since when, whether
   * its clock is synchronised, and its problems (driver errors among them) in plain words.
   */
  public record Health(
      Optional<Long> outboxPending,
      Optional<Instant> outboxOldest,
      Optional<Boolean> clockSynced,
      Optional<String> clockSource,
      List<String> problems) {}
}
