package io.campusedge.drivers.attendance;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Suppresses a card presented again within the repeat window, so one student holding a card on the
 * reader is one tap. Keyed by the card reference (the HMAC), never by the UID, so nothing here can
 * leak a UID. The window restarts only on an accepted tap: a card left on the reader taps again
 * once the window has passed.
 */
public final class TapDebouncer {
  private final long windowMs;
  private final Map<ByteBuffer, Long> lastAccepted = new HashMap<>();

  public TapDebouncer(Duration window) {
    this.windowMs = window.toMillis();
  }

  /** True when a tap of {@code cardRef} at {@code nowMs} counts; records it if so. */
  public synchronized boolean accept(byte[] cardRef, long nowMs) {
    forgetOlderThan(nowMs);
    ByteBuffer key = ByteBuffer.wrap(cardRef.clone());
    if (lastAccepted.containsKey(key)) {
      return false;
    }
    lastAccepted.put(key, nowMs);
    return true;
  }

  /** Cards remembered now; bounded by the cards seen within one window. */
  synchronized int remembered() {
    return lastAccepted.size();
  }

  private void forgetOlderThan(long nowMs) {
    // A clock stepped backwards (NTP correction) must not suppress taps forever.
    lastAccepted.values().removeIf(at -> nowMs - at >= windowMs || at > nowMs);
  }
}
