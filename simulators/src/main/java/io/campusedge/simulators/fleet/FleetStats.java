package io.campusedge.simulators.fleet;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every gateway of a fleet. */
final class FleetStats {
  final LongAdder batchesSent = new LongAdder();
  final LongAdder recordsSent = new LongAdder();
  final LongAdder batchesAcked = new LongAdder();
  final LongAdder recordsAcked = new LongAdder();
  final LongAdder pubacks = new LongAdder();
  final LongAdder resent = new LongAdder();
  final LongAdder skippedPolls = new LongAdder();
  final LongAdder errors = new LongAdder();
  final AtomicInteger connected = new AtomicInteger();
  final LatencyRecorder ackLatency = new LatencyRecorder(2_000_000);

  Snapshot snapshot() {
    return new Snapshot(
        batchesSent.sum(),
        recordsSent.sum(),
        batchesAcked.sum(),
        recordsAcked.sum(),
        pubacks.sum(),
        resent.sum(),
        skippedPolls.sum(),
        errors.sum());
  }

  record Snapshot(
      long batchesSent,
      long recordsSent,
      long batchesAcked,
      long recordsAcked,
      long pubacks,
      long resent,
      long skippedPolls,
      long errors) {}
}
