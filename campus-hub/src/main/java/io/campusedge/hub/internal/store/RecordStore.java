package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Batch;
import java.util.List;

/** Durable, idempotent storage of gateway records. */
public interface RecordStore {

  /**
   * Stores the records not stored yet and advances the (gateway, epoch) high-water mark, in one
   * transaction. The batch must be validated already.
   */
  BatchOutcome store(Batch batch);

  /**
   * Stores several batches in one transaction; outcomes in the order of {@code batches}. All or
   * nothing: if it throws, none of them is stored.
   */
  default List<BatchOutcome> storeAll(List<Batch> batches) {
    return batches.stream().map(this::store).toList();
  }

  /** The newest reading per (gateway, device, metric). */
  List<StoredReading> latestReadings();
}
