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

  /**
   * The closed day, then each student's day (those with at least one mark; keyed like their marks,
   * so it follows them) and each class's day, as the sector feed records them.
   */
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
    AttendanceDays.Day summed = AttendanceDays.of(connection, site, day, Optional.empty());
    Map<String, String> learnerIds = RosterStore.learnerIds(connection, site);
    for (AttendanceDays.StudentDay student : summed.students()) {
      AttendanceDays.Tally tally = student.tally();
      if (tally.status().equals("NOT_YET")) {
        continue; // lessons nobody closed: nothing to say about the student
      }
      String userId = student.student().sourcedId();
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("site", site);
      data.put("date", day.toString());
      data.put("userId", userId);
      Optional.ofNullable(learnerIds.get(userId)).ifPresent(id -> data.put("learnerId", id));
      data.put("status", tally.status());
      data.put("lessons", tally.lessons());
      data.put("present", tally.present());
      data.put("late", tally.late());
      data.put("absent", tally.absent());
      data.put("excused", tally.excused());
      data.put("closedAt", now.toString());
      outbox.enqueue(
          connection,
          ExportEventType.ATTENDANCE_STUDENT_DAY,
          site,
          "student-day:" + userId + "/" + day,
          data,
          now);
    }
    for (AttendanceDays.ClassDay lessons : summed.classes()) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("site", site);
      data.put("date", day.toString());
      data.put("classId", lessons.classId());
      data.put("lessons", lessons.lessons());
      data.put("enrolled", lessons.students().size());
      data.put("present", lessons.withStatus("PRESENT"));
      data.put("late", lessons.withStatus("LATE"));
      data.put("absent", lessons.withStatus("ABSENT"));
      data.put("excused", lessons.withStatus("EXCUSED"));
      data.put("partial", lessons.withStatus("PARTIAL"));
      data.put("unmarked", lessons.withStatus("NOT_YET"));
      data.put("closedAt", now.toString());
      outbox.enqueue(
          connection,
          ExportEventType.ATTENDANCE_CLASS_DAY,
          site,
          "class-day:" + lessons.classId() + "/" + day,
          data,
          now);
    }
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
