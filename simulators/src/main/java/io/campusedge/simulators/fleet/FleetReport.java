package io.campusedge.simulators.fleet;

import java.util.Locale;

/**
 * One run of a fleet: what it sent and what the hub acknowledged (acked = committed by the hub, as
 * the hub acks only after its commit), per second over the run, with the connections held at the
 * end and the errors seen (publish refusals, connection losses).
 */
public record FleetReport(
    FleetMode mode,
    int gateways,
    int connected,
    double seconds,
    long batchesSent,
    long recordsSent,
    long batchesAcked,
    long recordsAcked,
    long resentBatches,
    long skippedPolls,
    long errors,
    double ackP50Millis,
    double ackP99Millis) {

  public double sentPerSecond() {
    return recordsSent / seconds;
  }

  public double ackedPerSecond() {
    return recordsAcked / seconds;
  }

  public double batchesPerSecond() {
    return batchesSent / seconds;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s: %d gateways (%d connected) for %.1f s: sent %,d batches / %,d readings (%,.0f"
            + " readings/s), acked %,d readings (%,.0f readings/s), ack p50 %.1f ms p99 %.1f ms,"
            + " resent %,d batches, skipped polls %,d, errors %,d",
        mode,
        gateways,
        connected,
        seconds,
        batchesSent,
        recordsSent,
        sentPerSecond(),
        recordsAcked,
        ackedPerSecond(),
        ackP50Millis,
        ackP99Millis,
        resentBatches,
        skippedPolls,
        errors);
  }
}
