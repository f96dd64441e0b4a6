package io.campusedge.hub.internal.store;

import java.util.List;

/**
 * What storing one batch did. {@code uptoSeq} is the durable high-water mark to acknowledge; {@code
 * gapDetected} is true when this batch stored records beyond a hole in the sequence.
 */
public record BatchOutcome(
    long epoch,
    long uptoSeq,
    int stored,
    int duplicates,
    boolean gapDetected,
    List<StoredReading> newReadings) {}
