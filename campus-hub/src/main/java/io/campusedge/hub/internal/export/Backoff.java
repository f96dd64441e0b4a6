package io.campusedge.hub.internal.export;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: exponential backoff with full jitter (a random delay between
 * zero and {@code min(max, base * 2^(attempt-1))}), or what the receiver asked for in {@code
 * Retry-After} (seconds or an HTTP date, RFC 9110 section 10.2.3), capped at {@code max}.
 */
final class Backoff {
  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  Backoff(Duration base, Duration max, RandomGenerator random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** The delay after the {@code attempt}-th failed try (1 for the first). */
  Duration after(int attempt) {
    long capMillis = max.toMillis();
    long ceiling = base.toMillis();
    for (int i = 1; i < attempt && ceiling < capMillis; i++) {
      ceiling *= 2;
    }
    ceiling = Math.max(1, Math.min(ceiling, capMillis));
    return Duration.ofMillis(random.nextLong(ceiling + 1));
  }

  /** The delay a {@code Retry-After} value asks for, if it is one. */
  Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    Duration wanted;
    try {
      wanted = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wanted = Duration.between(now, at);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
    if (wanted.isNegative()) {
      wanted = Duration.ZERO;
    }
    return Optional.of(wanted.compareTo(max) > 0 ? max : wanted);
  }
}
