package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.attendance.Roster.Membership;
import io.campusedge.hub.internal.attendance.Roster.Person;
import io.campusedge.hub.internal.attendance.Roster.SchoolClass;
import io.campusedge.hub.internal.attendance.Roster.Term;
import io.campusedge.hub.internal.store.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/** The roster and timetable tables of each school. */
@Singleton
public class RosterStore {
  private final DataSource dataSource;

  public RosterStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Replaces the school's whole roster in one transaction. */
  void replaceRoster(Roster roster) {
    String site = roster.site();
    Sql.inTransaction(
        dataSource,
        connection -> {
          for (String table :
              List.of(
                  "roster_org",
                  "roster_term",
                  "roster_class",
                  "roster_user",
                  "roster_enrollment")) {
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM " + table + " WHERE site = ?")) {
              delete.setString(1, site);
              delete.executeUpdate();
            }
          }
          insertAll(
              connection,
              "INSERT INTO roster_org (site, sourced_id, name, org_type, identifier)"
                  + " VALUES (?,?,?,?,?)",
              site,
              roster.orgs(),
              (insert, org) -> {
                insert.setString(2, org.sourcedId());
                insert.setString(3, org.name());
                insert.setString(4, org.type());
                insert.setString(5, org.identifier().orElse(null));
              });
          insertAll(
              connection,
              "INSERT INTO roster_term (site, sourced_id, title, session_type, start_date,"
                  + " end_date) VALUES (?,?,?,?,?,?)",
              site,
              roster.terms(),
              (insert, term) -> {
                insert.setString(2, term.sourcedId());
                insert.setString(3, term.title());
                insert.setString(4, term.type());
                insert.setObject(5, term.start());
                insert.setObject(6, term.end());
              });
          insertAll(
              connection,
              "INSERT INTO roster_class (site, sourced_id, title, class_code, course_title)"
                  + " VALUES (?,?,?,?,?)",
              site,
              roster.classes(),
              (insert, schoolClass) -> {
                insert.setString(2, schoolClass.sourcedId());
                insert.setString(3, schoolClass.title());
                insert.setString(4, schoolClass.classCode().orElse(null));
                insert.setString(5, schoolClass.courseTitle().orElse(null));
              });
          insertAll(
              connection,
              "INSERT INTO roster_user (site, sourced_id, username, given_name, family_name,"
                  + " learner_id, user_role, enabled) VALUES (?,?,?,?,?,?,?,?)",
              site,
              roster.people(),
              (insert, person) -> {
                insert.setString(2, person.sourcedId());
                insert.setString(3, person.username().orElse(null));
                insert.setString(4, person.givenName());
                insert.setString(5, person.familyName());
                insert.setString(6, person.learnerId().orElse(null));
                insert.setString(7, person.role());
                insert.setBoolean(8, person.enabled());
              });
          insertAll(
              connection,
              "INSERT INTO roster_enrollment (site, class_id, user_id, enrollment_role,"
                  + " begin_date, end_date) VALUES (?,?,?,?,?,?)",
              site,
              roster.enrollments(),
              (insert, membership) -> {
                insert.setString(2, membership.classId());
                insert.setString(3, membership.userId());
                insert.setString(4, membership.role());
                insert.setObject(5, membership.begin().orElse(null));
                insert.setObject(6, membership.end().orElse(null));
              });
          return null;
        });
  }

  List<SchoolClass> classes(String site) {
    return read(
        "SELECT sourced_id, title, class_code, course_title FROM roster_class WHERE site = ?"
            + " ORDER BY title, sourced_id",
        site,
        row ->
            new SchoolClass(
                row.getString(1),
                row.getString(2),
                Optional.ofNullable(row.getString(3)),
                Optional.ofNullable(row.getString(4))));
  }

  Map<String, Term> terms(String site) {
    Map<String, Term> terms = new LinkedHashMap<>();
    read(
            "SELECT sourced_id, title, session_type, start_date, end_date FROM roster_term"
                + " WHERE site = ?",
            site,
            row ->
                new Term(
                    row.getString(1),
                    row.getString(2),
                    row.getString(3),
                    row.getObject(4, LocalDate.class),
                    row.getObject(5, LocalDate.class)))
        .forEach(term -> terms.put(term.sourcedId(), term));
    return terms;
  }

  /** Rooms a timetable may name: those gateways reported and those gateways were enrolled for. */
  Set<String> knownRooms(String site) {
    Set<String> rooms = new TreeSet<>();
    rooms.addAll(read("SELECT room_id FROM room WHERE site = ?", site, row -> row.getString(1)));
    rooms.addAll(
        read(
            "SELECT DISTINCT room_id FROM enrollment WHERE site = ?",
            site,
            row -> row.getString(1)));
    return rooms;
  }

  /** The class ids where the user with this login name teaches ({@code username} in users.csv). */
  public Set<String> classesTaughtBy(String site, String username) {
    List<String> taught =
        Sql.inTransaction(
            dataSource,
            connection -> {
              try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT e.class_id FROM roster_enrollment e JOIN roster_user u"
                          + " ON u.site = e.site AND u.sourced_id = e.user_id"
                          + " WHERE e.site = ? AND u.username = ? AND e.enrollment_role = 'teacher'")) {
                select.setString(1, site);
                select.setString(2, username);
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    ids.add(rows.getString(1));
                  }
                }
                return ids;
              }
            });
    return new TreeSet<>(taught);
  }

  Optional<Person> person(String site, String userId) {
    return Sql.inTransaction(dataSource, connection -> person(connection, site, userId));
  }

  static Optional<Person> person(Connection connection, String site, String userId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT sourced_id, username, given_name, family_name, learner_id, user_role, enabled"
                + " FROM roster_user WHERE site = ? AND sourced_id = ?")) {
      select.setString(1, site);
      select.setString(2, userId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(person(row)) : Optional.empty();
      }
    }
  }

  private static Person person(ResultSet row) throws SQLException {
    return new Person(
        row.getString(1),
        Optional.ofNullable(row.getString(2)),
        row.getString(3),
        row.getString(4),
        Optional.ofNullable(row.getString(5)),
        row.getString(6),
        row.getBoolean(7));
  }

  /** The students of a class on a day (enrollment dates checked), with their names. */
  static List<Person> studentsOn(Connection connection, String site, String classId, LocalDate day)
      throws SQLException {
    List<Person> students = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT u.sourced_id, u.username, u.given_name, u.family_name, u.learner_id,"
                + " u.user_role, u.enabled, e.begin_date, e.end_date"
                + " FROM roster_enrollment e JOIN roster_user u"
                + " ON u.site = e.site AND u.sourced_id = e.user_id"
                + " WHERE e.site = ? AND e.class_id = ? AND e.enrollment_role = 'student'"
                + " ORDER BY u.family_name, u.given_name, u.sourced_id")) {
      select.setString(1, site);
      select.setString(2, classId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Membership membership =
              new Membership(
                  classId,
                  rows.getString(1),
                  "student",
                  Optional.ofNullable(rows.getObject(8, LocalDate.class)),
                  Optional.ofNullable(rows.getObject(9, LocalDate.class)));
          if (membership.activeOn(day)) {
            students.add(person(rows));
          }
        }
      }
    }
    return students;
  }

  /** The user's enrollment role in the class on that day, if any. */
  static Optional<String> enrollmentRole(
      Connection connection, String site, String classId, String userId, LocalDate day)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT enrollment_role, begin_date, end_date FROM roster_enrollment"
                + " WHERE site = ? AND class_id = ? AND user_id = ?")) {
      select.setString(1, site);
      select.setString(2, classId);
      select.setString(3, userId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        Membership membership =
            new Membership(
                classId,
                userId,
                row.getString(1),
                Optional.ofNullable(row.getObject(2, LocalDate.class)),
                Optional.ofNullable(row.getObject(3, LocalDate.class)));
        return membership.activeOn(day) ? Optional.of(membership.role()) : Optional.empty();
      }
    }
  }

  // ---- timetable

  void replaceTimetable(String site, Collection<TimetableEntry> entries) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM timetable_entry WHERE site = ?")) {
            delete.setString(1, site);
            delete.executeUpdate();
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO timetable_entry (site, entry_id, class_id, room_id, weekday,"
                      + " start_time, end_time, term_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (TimetableEntry entry : entries) {
              insert.setString(1, site);
              insert.setString(2, entry.entryId());
              insert.setString(3, entry.classId());
              insert.setString(4, entry.roomId());
              insert.setInt(5, entry.weekday().getValue());
              insert.setTime(6, Time.valueOf(entry.start()));
              insert.setTime(7, Time.valueOf(entry.end()));
              insert.setString(8, entry.termId().orElse(null));
              insert.setObject(9, Sql.utc(entry.createdAt()));
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  List<TimetableEntry> timetable(String site) {
    return Sql.inTransaction(dataSource, connection -> timetable(connection, site, null, null));
  }

  /** The school's entries, optionally only of one room on one weekday. */
  static List<TimetableEntry> timetable(
      Connection connection, String site, String roomId, DayOfWeek weekday) throws SQLException {
    String sql =
        "SELECT entry_id, class_id, room_id, weekday, start_time, end_time, term_id, created_at"
            + " FROM timetable_entry WHERE site = ?"
            + (roomId == null ? "" : " AND room_id = ? AND weekday = ?")
            + " ORDER BY weekday, start_time, room_id";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, site);
      if (roomId != null) {
        select.setString(2, roomId);
        select.setInt(3, weekday.getValue());
      }
      List<TimetableEntry> entries = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entries.add(
              new TimetableEntry(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  DayOfWeek.of(rows.getInt(4)),
                  rows.getTime(5).toLocalTime(),
                  rows.getTime(6).toLocalTime(),
                  Optional.ofNullable(rows.getString(7)),
                  Sql.instant(rows.getObject(8))));
        }
      }
      return entries;
    }
  }

  static Optional<Term> term(Connection connection, String site, Optional<String> termId)
      throws SQLException {
    if (termId.isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT sourced_id, title, session_type, start_date, end_date FROM roster_term"
                + " WHERE site = ? AND sourced_id = ?")) {
      select.setString(1, site);
      select.setString(2, termId.get());
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(
                new Term(
                    row.getString(1),
                    row.getString(2),
                    row.getString(3),
                    row.getObject(4, LocalDate.class),
                    row.getObject(5, LocalDate.class)))
            : Optional.empty();
      }
    }
  }

  /** Scheduled lesson time per room on {@code day} (entries held that day, within their terms). */
  public Map<String, java.time.Duration> lessonTimeByRoom(String site, LocalDate day) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          Map<String, java.time.Duration> byRoom = new LinkedHashMap<>();
          for (TimetableEntry entry : timetable(connection, site, null, null)) {
            if (entry.heldOn(day, term(connection, site, entry.termId()))) {
              byRoom.merge(
                  entry.roomId(),
                  java.time.Duration.between(entry.start(), entry.end()),
                  java.time.Duration::plus);
            }
          }
          return byRoom;
        });
  }

  /** A lesson held in a room on a day, local times. */
  public record LessonPeriod(
      String entryId,
      String classId,
      String roomId,
      java.time.LocalTime start,
      java.time.LocalTime end) {}

  /** The lessons held on {@code day} (entries of that weekday, within their terms). */
  public List<LessonPeriod> lessonsOn(String site, LocalDate day) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<LessonPeriod> lessons = new ArrayList<>();
          for (TimetableEntry entry : timetable(connection, site, null, null)) {
            if (entry.heldOn(day, term(connection, site, entry.termId()))) {
              lessons.add(
                  new LessonPeriod(
                      entry.entryId(),
                      entry.classId(),
                      entry.roomId(),
                      entry.start(),
                      entry.end()));
            }
          }
          return lessons;
        });
  }

  /** Whether a timetabled lesson is on in the room at {@code at} (local time of {@code zone}). */
  public boolean lessonInRoom(String site, String roomId, Instant at, java.time.ZoneId zone) {
    java.time.ZonedDateTime local = at.atZone(zone);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          for (TimetableEntry entry : timetable(connection, site, roomId, local.getDayOfWeek())) {
            boolean during =
                !local.toLocalTime().isBefore(entry.start())
                    && local.toLocalTime().isBefore(entry.end());
            if (during
                && entry.heldOn(local.toLocalDate(), term(connection, site, entry.termId()))) {
              return true;
            }
          }
          return false;
        });
  }

  /** Sites that have a timetable. */
  public List<String> sitesWithTimetable() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<String> sites = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT DISTINCT site FROM timetable_entry");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              sites.add(rows.getString(1));
            }
          }
          return sites;
        });
  }

  /** Sets parameters 2.. of an insert for one item (parameter 1 is the site). */
  private interface Binder<T> {
    void bind(PreparedStatement insert, T item) throws SQLException;
  }

  private static <T> void insertAll(
      Connection connection, String sql, String site, Collection<T> items, Binder<T> binder)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (T item : items) {
        insert.setString(1, site);
        binder.bind(insert, item);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private <T> List<T> read(String sql, String site, RowMapper<T> mapper) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, site);
            List<T> values = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                values.add(mapper.map(rows));
              }
            }
            return values;
          }
        });
  }

  static Date date(LocalDate day) {
    return Date.valueOf(day);
  }

  /** Each pupil's national learner id (mã định danh) by roster id; pupils without one left out. */
  public static Map<String, String> learnerIds(Connection connection, String site)
      throws SQLException {
    Map<String, String> ids = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT sourced_id, learner_id FROM roster_user"
                + " WHERE site = ? AND learner_id IS NOT NULL")) {
      select.setString(1, site);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return ids;
  }
}
