package io.campusedge.agent.internal.outbox;

import java.util.ArrayList;
import java.util.List;

/** Seqs {@code first..last} (inclusive) evicted for good; the hub treats them as settled. */
public record EvictedRange(long first, long last) {

  /** Sorted seqs folded into ranges of consecutive seqs. */
  static List<EvictedRange> of(List<Long> sortedSeqs) {
    List<EvictedRange> ranges = new ArrayList<>();
    long first = -1;
    long last = -1;
    for (long seq : sortedSeqs) {
      if (first >= 0 && seq == last + 1) {
        last = seq;
        continue;
      }
      if (first >= 0) {
        ranges.add(new EvictedRange(first, last));
      }
      first = seq;
      last = seq;
    }
    if (first >= 0) {
      ranges.add(new EvictedRange(first, last));
    }
    return ranges;
  }
}
