package io.campusedge.hub.internal.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What the events stream sends: a reading just stored, a gateway going online or offline, an
 * attendance mark, an alert.
 */
public sealed interface LiveEvent {
  String site();

  /** The SSE event name. */
  String name();

  /** A reading committed to the store; {@code room} null when the device is in no known room. */
  @Serdeable
  record ReadingEvent(
      String site,
      @Nullable String room,
      String gateway,
      String device,
      String metric,
      @Nullable Object value,
      String unit,
      String quality,
      @Nullable String qualityReason,
      String time)
      implements LiveEvent {
    @Override
    public String name() {
      return "reading";
    }
  }

  /** A gateway's online flag changed: its birth or death, or silence past two heartbeats. */
  @Serdeable
  record GatewayEvent(String site, String gateway, boolean online, String reason, String time)
      implements LiveEvent {
    @Override
    public String name() {
      return "gateway";
    }
  }

  /** An attendance mark set or changed (tap, end of lesson, correction); no names, only ids. */
  @Serdeable
  record AttendanceEvent(
      String site,
      String room,
      String classId,
      String entryId,
      String date,
      String userId,
      String status,
      String source,
      String time)
      implements LiveEvent {
    @Override
    public String name() {
      return "attendance";
    }
  }

  /** An alert raised, repeated, acknowledged or cleared. */
  @Serdeable
  record AlertEvent(
      String site,
      @Nullable String room,
      long id,
      String kind,
      String severity,
      String state,
      String subject,
      int occurrences,
      String time)
      implements LiveEvent {
    @Override
    public String name() {
      return "alert";
    }
  }
}
