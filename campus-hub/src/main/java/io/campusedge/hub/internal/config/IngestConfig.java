package io.campusedge.hub.internal.config;

import io.campusedge.hub.internal.store.Dialect;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code campusedge.ingest}: the bounded queue between the MQTT client and the database, how many
 * batches one transaction may take, and into how many transactions at most a large group is split
 * by gateway to be stored in parallel (0: chosen by database, one on H2, which is bound by its own
 * CPU; four on PostgreSQL, whose transactions wait on round trips and commits), and how many groups
 * may be handed to storage before the first is stored (the worker decodes and hands over the next
 * group while the lanes commit the previous one; acknowledgements stay in arrival order).
 */
@ConfigurationProperties("campusedge.ingest")
public record IngestConfig(
    // Also the Receive Maximum the hub advertises (at most 65535, the MQTT limit), so a broker that
    // respects it never sends more unacknowledged messages than the queue holds.
    @Bindable(defaultValue = "1000") @Min(1) @Max(65535) int queueCapacity,
    @Bindable(defaultValue = "100") @Min(1) @Max(10_000) int maxBatchesPerTransaction,
    @Bindable(defaultValue = "30s") @NotNull Duration drainTimeout,
    @Bindable(defaultValue = "0") @Min(0) @Max(64) int parallelTransactions,
    @Bindable(defaultValue = "1") @Min(1) @Max(64) int groupsInFlight) {

  static final int POSTGRESQL_PARALLEL_TRANSACTIONS = 4;

  /** {@link #parallelTransactions()}, with 0 resolved for the database in use. */
  public int parallelTransactionsFor(Dialect dialect) {
    if (parallelTransactions > 0) {
      return parallelTransactions;
    }
    return dialect == Dialect.POSTGRESQL ? POSTGRESQL_PARALLEL_TRANSACTIONS : 1;
  }
}
