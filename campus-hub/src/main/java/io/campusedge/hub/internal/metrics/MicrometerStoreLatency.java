package io.campusedge.hub.internal.metrics;

import io.campusedge.hub.internal.ingest.StoreLatency;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@code campusedge_store_batch_seconds}: time to store and commit one batch, with p50/p99. */
@Singleton
@Requires(beans = MeterRegistry.class)
public class MicrometerStoreLatency implements StoreLatency {
  private final Timer timer;

  public MicrometerStoreLatency(MeterRegistry registry) {
    this.timer =
        Timer.builder("campusedge.store.batch")
            .description("time to store one batch in the database, commit included")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
  }

  @Override
  public void record(long nanos) {
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
