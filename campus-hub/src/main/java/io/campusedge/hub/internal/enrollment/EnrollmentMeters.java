package io.campusedge.hub.internal.enrollment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code campusedge_enrollment_exchanges_total{outcome}} in /prometheus: enrolled, and every kind
 * of refusal, so a stream of guessed tokens shows up. Kept here too for tests.
 */
@Singleton
public class EnrollmentMeters {
  private final Optional<MeterRegistry> registry;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  public EnrollmentMeters(Optional<MeterRegistry> registry) {
    this.registry = registry;
  }

  void exchange(String outcome) {
    counts.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    registry.ifPresent(
        r ->
            Counter.builder("campusedge.enrollment.exchanges")
                .description("enrollment token exchanges by outcome")
                .tag("outcome", outcome)
                .register(r)
                .increment());
  }

  public long count(String outcome) {
    AtomicLong count = counts.get(outcome);
    return count == null ? 0 : count.get();
  }
}
