package io.campusedge.hub.internal.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Login counters: {@code campusedge_login_failures_total{reason}} and {@code
 * campusedge_login_lockouts_total} in /prometheus (when metrics are on), also kept here for tests.
 */
@Singleton
public class LoginMeters {
  private final AtomicLong lockouts = new AtomicLong();
  private final Optional<Counter> wrongPassword;
  private final Optional<Counter> whileLocked;
  private final Optional<Counter> lockoutCounter;

  public LoginMeters(Optional<MeterRegistry> registry) {
    wrongPassword = registry.map(r -> failures(r, "wrong_credentials"));
    whileLocked = registry.map(r -> failures(r, "locked"));
    lockoutCounter =
        registry.map(
            r ->
                Counter.builder("campusedge.login.lockouts")
                    .description("user names locked after repeated failed logins")
                    .register(r));
  }

  private static Counter failures(MeterRegistry registry, String reason) {
    return Counter.builder("campusedge.login.failures")
        .description("refused logins by reason")
        .tag("reason", reason)
        .register(registry);
  }

  void wrongCredentials() {
    wrongPassword.ifPresent(Counter::increment);
  }

  void refusedWhileLocked() {
    whileLocked.ifPresent(Counter::increment);
  }

  void lockedOut() {
    lockouts.incrementAndGet();
    lockoutCounter.ifPresent(Counter::increment);
  }

  public long lockouts() {
    return lockouts.get();
  }
}
