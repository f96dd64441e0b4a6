package io.campusedge.agent.internal.uplink;

import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.StoredRecord;
import java.util.List;

/**
 * Puts one batch of outbox records (consecutive seqs, with the evicted seqs up to its end) on the
 * wire, in the uplink's protocol.
 */
@FunctionalInterface
interface BatchPublisher {
  void publish(List<StoredRecord> records, List<EvictedRange> evicted) throws UplinkException;
}
