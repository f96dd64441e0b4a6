package io.campusedge.hub.internal.store;

import java.util.List;

/**
 * What storing one batch did. {@code uptoSeq} is the durable high-water mark to acknowledge; {@code
 * gapDetected} is true when this batch stored records beyond a hole in the sequence; {@code
 * afterCommit} is what {@link StoredRecordHandler}s left to do once the transaction committed;
 * {@code unfitRecords} says why each record the columns could not hold was kept only as its {@code
 * record} row (see {@link RecordColumns}).
 */
public record BatchOutcome(
    long epoch,
    long uptoSeq,
    int stored,
    int duplicates,
    boolean gapDetected,
    List<StoredReading> newReadings,
    List<Runnable> afterCommit,
    List<String> unfitRecords) {

  public BatchOutcome(
      long epoch,
      long uptoSeq,
      int stored,
      int duplicates,
      boolean gapDetected,
      List<StoredReading> newReadings) {
    this(epoch, uptoSeq, stored, duplicates, gapDetected, newReadings, List.of(), List.of());
  }
}
