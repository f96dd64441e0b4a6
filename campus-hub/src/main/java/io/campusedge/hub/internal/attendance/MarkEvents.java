package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Attendance changes as export events, in the transaction that makes them. Minimal data: ids,
 * status and times, and the national learner id (OneRoster {@code identifier}) for the receiving
 * school-management platform to match its pupil; never names. Ordered per student and day.
 */
final class MarkEvents {
  private MarkEvents() {}

  static void markChanged(
      Connection connection,
      ExportOutbox outbox,
      ExportEventType type,
      String site,
      TimetableEntry entry,
      LocalDate day,
      String userId,
      MarkStatus status,
      Mark.Source source,
      Optional<Instant> tappedAt,
      Optional<MarkStatus> previous,
      Instant now)
      throws SQLException {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", site);
    data.put("date", day.toString());
    data.put("entryId", entry.entryId());
    data.put("classId", entry.classId());
    data.put("room", entry.roomId());
    data.put("userId", userId);
    learnerId(connection, site, userId).ifPresent(id -> data.put("learnerId", id));
    data.put("status", status.name());
    data.put("source", source.name());
    tappedAt.ifPresent(at -> data.put("tappedAt", at.toString()));
    previous.ifPresent(p -> data.put("previousStatus", p.name()));
    data.put("recordedAt", now.toString());
    outbox.enqueue(connection, type, site, "student-day:" + userId + "/" + day, data, now);
  }

  static void dayClosed(
      Connection connection, ExportOutbox outbox, String site, LocalDate day, Instant now)
      throws SQLException {
    outbox.enqueue(
        connection,
        ExportEventType.ATTENDANCE_DAY_CLOSED,
        site,
        "day:" + day,
        Map.of("site", site, "date", day.toString(), "closedAt", now.toString()),
        now);
  }

  private static Optional<String> learnerId(Connection connection, String site, String userId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT learner_id FROM roster_user WHERE site = ? AND sourced_id = ?")) {
      select.setString(1, site);
      select.setString(2, userId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    }
  }
}
