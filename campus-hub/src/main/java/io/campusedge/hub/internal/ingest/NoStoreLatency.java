package io.campusedge.hub.internal.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** When metrics are switched off ({@code micronaut.metrics.enabled=false}). */
@Singleton
@Requires(missingBeans = MeterRegistry.class)
class NoStoreLatency implements StoreLatency {
  @Override
  public void record(long nanos) {}
}
