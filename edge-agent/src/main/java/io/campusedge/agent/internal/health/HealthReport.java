package io.campusedge.agent.internal.health;

import java.util.List;

/**
 * One look at the gateway, for the status page, {@code campusedge-agent status} and the gateway
 * state. Plain fields only (0 or "" when absent) so it reads the same as JSON. No secrets: the
 * broker URL never carries the password, and card UIDs never reach the agent's state.
 */
public record HealthReport(
    String site,
    String gatewayId,
    String softwareVersion,
    long timeMs,
    boolean healthy,
    List<String> problems,
    Connection connection,
    Outbox outbox,
    Clock clock,
    List<Device> devices) {

  public HealthReport {
    problems = List.copyOf(problems);
    devices = List.copyOf(devices);
  }

  public record Connection(
      boolean connected,
      String broker,
      long reconnects,
      long recordsPublished,
      double publishRatePerSecond,
      long heartbeatIntervalMs) {}

  public record Outbox(
      long epoch,
      long pendingRecords,
      long pendingBytes,
      long oldestPendingTimeMs,
      long corruptFilesKept,
      boolean diskFull,
      long diskFullSinceMs,
      List<Lane> lanes) {
    public Outbox {
      lanes = List.copyOf(lanes);
    }
  }

  /** {@code oldestPendingAgeMs} is 0 when the lane is empty. */
  public record Lane(
      String lane,
      long pendingRecords,
      long pendingBytes,
      long oldestPendingTimeMs,
      long oldestPendingAgeMs,
      long evicted,
      long droppedDiskFull,
      long heldInMemory) {}

  public record Clock(boolean synced, String source, String bootId, long monotonicMs) {}

  public record Device(
      String id,
      String type,
      String room,
      long pollIntervalMs,
      boolean reachable,
      String unreachableReason,
      long errors,
      long badReadings,
      String lastError,
      long lastErrorTimeMs) {}
}
