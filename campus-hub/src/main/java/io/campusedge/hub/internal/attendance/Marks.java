package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The class_session and attendance_mark tables, inside the caller's transaction. */
final class Marks {
  private Marks() {}

  /** The session row of an entry on a day, created (open) when missing. */
  static void ensureSession(
      Connection connection, String site, TimetableEntry entry, LocalDate day, ZoneId zone)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM class_session WHERE site = ? AND entry_id = ? AND session_date = ?")) {
      select.setString(1, site);
      select.setString(2, entry.entryId());
      select.setObject(3, day);
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          return;
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO class_session (site, entry_id, session_date, class_id, room_id,"
                + " starts_at, ends_at) VALUES (?,?,?,?,?,?,?)")) {
      insert.setString(1, site);
      insert.setString(2, entry.entryId());
      insert.setObject(3, day);
      insert.setString(4, entry.classId());
      insert.setString(5, entry.roomId());
      insert.setObject(6, Sql.utc(day.atTime(entry.start()).atZone(zone).toInstant()));
      insert.setObject(7, Sql.utc(day.atTime(entry.end()).atZone(zone).toInstant()));
      insert.executeUpdate();
    }
  }

  /** Claims the closing of a session: true for the one caller that closed it. */
  static boolean close(
      Connection connection, String site, String entryId, LocalDate day, Instant now)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE class_session SET closed_at = ? WHERE site = ? AND entry_id = ?"
                + " AND session_date = ? AND closed_at IS NULL")) {
      update.setObject(1, Sql.utc(now));
      update.setString(2, site);
      update.setString(3, entryId);
      update.setObject(4, day);
      return update.executeUpdate() == 1;
    }
  }

  static boolean closed(Connection connection, String site, String entryId, LocalDate day)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT closed_at FROM class_session WHERE site = ? AND entry_id = ?"
                + " AND session_date = ?")) {
      select.setString(1, site);
      select.setString(2, entryId);
      select.setObject(3, day);
      try (ResultSet row = select.executeQuery()) {
        return row.next() && row.getObject(1) != null;
      }
    }
  }

  static Map<String, Mark> marks(Connection connection, String site, String entryId, LocalDate day)
      throws SQLException {
    Map<String, Mark> marks = new LinkedHashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT user_id, status, source, tapped_at, reason, updated_by, updated_at"
                + " FROM attendance_mark WHERE site = ? AND entry_id = ? AND session_date = ?")) {
      select.setString(1, site);
      select.setString(2, entryId);
      select.setObject(3, day);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Mark mark = mark(rows);
          marks.put(mark.userId(), mark);
        }
      }
    }
    return marks;
  }

  static Optional<Mark> mark(
      Connection connection, String site, String entryId, LocalDate day, String userId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT user_id, status, source, tapped_at, reason, updated_by, updated_at"
                + " FROM attendance_mark WHERE site = ? AND entry_id = ? AND session_date = ?"
                + " AND user_id = ?")) {
      select.setString(1, site);
      select.setString(2, entryId);
      select.setObject(3, day);
      select.setString(4, userId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(mark(row)) : Optional.empty();
      }
    }
  }

  /** Inserts or replaces the mark of one student in one session. */
  static void put(
      Connection connection,
      String site,
      TimetableEntry entry,
      LocalDate day,
      String userId,
      MarkStatus status,
      Mark.Source source,
      Optional<Instant> tappedAt,
      Optional<String> reason,
      Optional<String> by,
      Instant now)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM attendance_mark WHERE site = ? AND entry_id = ? AND session_date = ?"
                + " AND user_id = ?")) {
      delete.setString(1, site);
      delete.setString(2, entry.entryId());
      delete.setObject(3, day);
      delete.setString(4, userId);
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO attendance_mark (site, entry_id, session_date, user_id, class_id, status,"
                + " source, tapped_at, reason, updated_by, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
      insert.setString(1, site);
      insert.setString(2, entry.entryId());
      insert.setObject(3, day);
      insert.setString(4, userId);
      insert.setString(5, entry.classId());
      insert.setString(6, status.name());
      insert.setString(7, source.name());
      insert.setObject(8, tappedAt.map(Sql::utc).orElse(null));
      insert.setString(9, reason.orElse(null));
      insert.setString(10, by.orElse(null));
      insert.setObject(11, Sql.utc(now));
      insert.executeUpdate();
    }
  }

  static boolean dayLocked(Connection connection, String site, LocalDate day) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM attendance_day_lock WHERE site = ? AND lock_date = ?")) {
      select.setString(1, site);
      select.setObject(2, day);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static Mark mark(ResultSet row) throws SQLException {
    return new Mark(
        row.getString(1),
        MarkStatus.valueOf(row.getString(2)),
        Mark.Source.valueOf(row.getString(3)),
        Optional.ofNullable(row.getObject(4)).map(Sql::instant),
        Optional.ofNullable(row.getString(5)),
        Optional.ofNullable(row.getString(6)),
        Sql.instant(row.getObject(7)));
  }
}
