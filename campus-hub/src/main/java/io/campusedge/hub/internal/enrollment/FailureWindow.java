package io.campusedge.hub.internal.enrollment;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Refused attempts per client address in fixed one-minute windows; too many block the rest. */
final class FailureWindow {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int MAX_ADDRESSES = 10_000;

  private final int limit;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  FailureWindow(int limit) {
    this.limit = limit;
  }

  private record Window(Instant start, int failures) {}

  boolean blocked(String address, Instant now) {
    Window window = windows.get(address);
    return window != null && !expired(window, now) && window.failures() >= limit;
  }

  void count(String address, Instant now) {
    if (windows.size() > MAX_ADDRESSES) {
      windows.values().removeIf(window -> expired(window, now));
    }
    windows.compute(
        address,
        (key, window) ->
            window == null || expired(window, now)
                ? new Window(now, 1)
                : new Window(window.start(), window.failures() + 1));
  }

  private static boolean expired(Window window, Instant now) {
    return !now.isBefore(window.start().plus(WINDOW));
  }
}
