package io.campusedge.hub.internal.export;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** An outbox event as a destination sees it; {@code id} is its idempotency key. */
record ExportEvent(
    String id,
    ExportEventType type,
    String site,
    String entityKey,
    Instant occurredAt,
    Map<String, Object> data,
    String rawData) {

  Optional<String> text(String field) {
    Object value = data.get(field);
    return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
  }
}
