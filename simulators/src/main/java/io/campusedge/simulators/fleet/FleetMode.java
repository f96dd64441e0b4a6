package io.campusedge.simulators.fleet;

/** How a fleet's gateways send. */
public enum FleetMode {
  /** One poll per gateway every interval, like a classroom gateway; waits for the hub's ack. */
  PACED,
  /** As fast as the hub acknowledges: a fixed number of batches per gateway awaiting its ack. */
  FLOOD,
  /** Pre-encoded batches as fast as the broker PUBACKs them; no hub ack (ceiling measurement). */
  RAW
}
