package io.campusedge.hub.internal.ingest;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Ingestion counters since start-up. */
@Singleton
public class IngestStats {
  private final LongAdder batchesAccepted = new LongAdder();
  private final LongAdder recordsStored = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder statesApplied = new LongAdder();
  private final Map<RejectCause, LongAdder> rejected = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> gapsByGateway = new ConcurrentHashMap<>();
  private final Set<String> reportedRejections = ConcurrentHashMap.newKeySet();

  void batchAccepted(int stored, int duplicateRecords) {
    batchesAccepted.increment();
    recordsStored.add(stored);
    duplicates.add(duplicateRecords);
  }

  void stateApplied() {
    statesApplied.increment();
  }

  void gap(String gatewayId) {
    gapsByGateway.computeIfAbsent(gatewayId, id -> new LongAdder()).increment();
  }

  /** Counts a rejection; true the first time this cause is seen from this source (to log it). */
  boolean rejected(RejectCause cause, String source) {
    rejected.computeIfAbsent(cause, c -> new LongAdder()).increment();
    return reportedRejections.add(cause + "|" + source);
  }

  public Snapshot snapshot() {
    Map<String, Long> rejectedByCause = new TreeMap<>();
    rejected.forEach((cause, count) -> rejectedByCause.put(cause.key(), count.sum()));
    Map<String, Long> gaps = new TreeMap<>();
    gapsByGateway.forEach((gateway, count) -> gaps.put(gateway, count.sum()));
    return new Snapshot(
        batchesAccepted.sum(),
        recordsStored.sum(),
        duplicates.sum(),
        statesApplied.sum(),
        rejectedByCause,
        gaps);
  }

  /** The counters at one moment. */
  public record Snapshot(
      long batchesAccepted,
      long recordsStored,
      long duplicates,
      long statesApplied,
      Map<String, Long> rejected,
      Map<String, Long> gapsByGateway) {}
}
