package io.campusedge.agent.internal.outbox;

import io.campusedge.agent.api.OutboxStatus;
import io.campusedge.protos.v1.Record;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The durable buffer between drivers and the hub. Records get an increasing seq per epoch and stay
 * until the hub acknowledges them; nothing else deletes a row.
 */
public interface Outbox extends AutoCloseable {

  /** Chosen when the outbox file was created; a new file never reuses an old epoch. */
  long epoch();

  /**
   * Queues {@code record} (its seq is assigned here). The future completes with the seq once the
   * record is committed and forced to disk, or fails with {@link OutboxException}.
   */
  CompletableFuture<Long> append(Lane lane, Record record);

  /** Completes when every record appended before this call is durable. */
  CompletableFuture<Void> flush();

  /**
   * Up to {@code limit} pending records with seq greater than {@code afterSeq}, in seq order; only
   * records already forced to disk, so nothing leaves the gateway that a crash could take back.
   */
  List<StoredRecord> pendingAfter(long afterSeq, int limit) throws OutboxException;

  /**
   * Ranges of seqs evicted by policy, not yet acknowledged, that overlap {@code (afterSeq,
   * upToSeq]}; they travel with the batch that covers them so the hub can settle them.
   */
  List<EvictedRange> evictedBetween(long afterSeq, long upToSeq) throws OutboxException;

  /**
   * Deletes pending records with seq ≤ {@code seq} if {@code epoch} is ours (at once for reads and
   * stats, from the file perhaps a moment later); returns how many.
   */
  int ackUpTo(long epoch, long seq) throws OutboxException;

  OutboxStatus stats() throws OutboxException;

  /** Called on the writer thread with the highest durable seq after each group commit. */
  void onDurable(LongConsumer listener);

  /** Writes what is queued, then closes the file. */
  @Override
  void close();
}
