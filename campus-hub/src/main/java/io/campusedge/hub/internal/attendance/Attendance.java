package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Attendance as users read and correct it: the lessons of a day with their counts, a lesson's class
 * list with marks, daily attendance per student, teachers' corrections with a reason (audited,
 * never on a locked day), administrators closing a day. A teacher sees only the classes they teach
 * (roster enrollments with role teacher, matched by login name = OneRoster username).
 */
@Singleton
public class Attendance {
  private final DataSource dataSource;
  private final RosterStore roster;
  private final AttendanceConfig config;
  private final AuditLog audit;
  private final LiveEvents events;
  private final ExportOutbox outbox;
  private final Clock clock;

  /** A lesson on a day with its counts; {@code unmarked} is students without a mark yet. */
  @Serdeable
  public record SessionView(
      String entryId,
      String date,
      String classId,
      String classTitle,
      String room,
      String start,
      String end,
      int students,
      int present,
      int late,
      int absent,
      int excused,
      int unmarked,
      boolean closed) {}

  /** One student's line in a lesson's class list. */
  @Serdeable
  public record StudentMark(
      String userId,
      String givenName,
      String familyName,
      @Nullable String status,
      @Nullable String source,
      @Nullable String tappedAt,
      @Nullable String reason,
      @Nullable String updatedBy) {}

  @Serdeable
  public record ClassList(SessionView session, List<StudentMark> students) {}

  /** A student's day: lessons and how many of each mark; {@code status} sums it up. */
  @Serdeable
  public record DailyAttendance(
      String userId,
      String givenName,
      String familyName,
      int lessons,
      int present,
      int late,
      int absent,
      int excused,
      String status) {}

  @Inject
  public Attendance(
      DataSource dataSource,
      RosterStore roster,
      AttendanceConfig config,
      AuditLog audit,
      LiveEvents events,
      ExportOutbox outbox) {
    this(dataSource, roster, config, audit, events, outbox, Clock.systemUTC());
  }

  Attendance(
      DataSource dataSource,
      RosterStore roster,
      AttendanceConfig config,
      AuditLog audit,
      LiveEvents events,
      ExportOutbox outbox,
      Clock clock) {
    this.dataSource = dataSource;
    this.roster = roster;
    this.config = config;
    this.audit = audit;
    this.events = events;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Today in the schools' time zone. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(config.zone()));
  }

  /** The classes a caller may see at a site: all for administrators, taught ones for teachers. */
  public Optional<Set<String>> visibleClasses(Caller caller, String site) {
    caller.requireSite(site);
    if (caller.role().isAdmin()) {
      return Optional.empty();
    }
    caller.require(caller.role() == Role.TEACHER, "see attendance");
    return Optional.of(roster.classesTaughtBy(site, caller.name()));
  }

  public List<SessionView> sessions(Caller caller, String site, LocalDate day) {
    Optional<Set<String>> visible = visibleClasses(caller, site);
    Map<String, String> titles = titles(site);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<SessionView> sessions = new ArrayList<>();
          for (TimetableEntry entry : entriesOn(connection, site, day)) {
            if (visible.map(classes -> classes.contains(entry.classId())).orElse(true)) {
              sessions.add(session(connection, site, entry, day, titles));
            }
          }
          return sessions;
        });
  }

  public ClassList classList(Caller caller, String site, String entryId, LocalDate day) {
    Optional<Set<String>> visible = visibleClasses(caller, site);
    Map<String, String> titles = titles(site);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          TimetableEntry entry = entry(connection, site, entryId, day, visible);
          Map<String, Mark> marks = Marks.marks(connection, site, entryId, day);
          List<StudentMark> students = new ArrayList<>();
          for (Roster.Person student :
              RosterStore.studentsOn(connection, site, entry.classId(), day)) {
            Optional<Mark> mark = Optional.ofNullable(marks.get(student.sourcedId()));
            students.add(
                new StudentMark(
                    student.sourcedId(),
                    student.givenName(),
                    student.familyName(),
                    mark.map(m -> m.status().name()).orElse(null),
                    mark.map(m -> m.source().name()).orElse(null),
                    mark.flatMap(Mark::tappedAt).map(Instant::toString).orElse(null),
                    mark.flatMap(Mark::reason).orElse(null),
                    mark.flatMap(Mark::updatedBy).orElse(null)));
          }
          return new ClassList(session(connection, site, entry, day, titles), students);
        });
  }

  /** A teacher's (or administrator's) correction of one mark, with the reason; audited. */
  public StudentMark correct(
      Caller caller,
      String site,
      String entryId,
      LocalDate day,
      String userId,
      String statusText,
      String reason) {
    Optional<Set<String>> visible = visibleClasses(caller, site);
    MarkStatus status = parseStatus(statusText);
    if (reason == null || reason.isBlank()) {
      throw RejectedException.invalid(
          "a correction needs a reason (e.g. 'card forgotten, seen in class')");
    }
    if (reason.length() > 512) {
      throw RejectedException.invalid("the reason is longer than 512 characters");
    }
    LocalDate today = LocalDate.now(clock.withZone(config.zone()));
    if (day.isAfter(today)) {
      throw RejectedException.invalid("the lesson on " + day + " has not happened yet");
    }
    if (day.isBefore(today.minusDays(config.correctionDays()))) {
      throw RejectedException.conflict(
          "attendance of "
              + day
              + " is locked: corrections are allowed for "
              + config.correctionDays()
              + " days");
    }
    Instant now = clock.instant();
    Object[] before = new Object[1];
    LiveEvent[] event = new LiveEvent[1];
    StudentMark changed =
        Sql.inTransaction(
            dataSource,
            connection -> {
              if (Marks.dayLocked(connection, site, day)) {
                throw RejectedException.conflict(
                    "attendance of " + day + " at " + site + " was closed by an administrator");
              }
              TimetableEntry entry = entry(connection, site, entryId, day, visible);
              Roster.Person student =
                  RosterStore.studentsOn(connection, site, entry.classId(), day).stream()
                      .filter(p -> p.sourcedId().equals(userId))
                      .findFirst()
                      .orElseThrow(
                          () ->
                              RejectedException.notFound(
                                  "user '"
                                      + userId
                                      + "' is not a student of class "
                                      + entry.classId()));
              Optional<Mark> old = Marks.mark(connection, site, entryId, day, userId);
              before[0] = old.map(m -> m.status().name()).orElse("none");
              Marks.ensureSession(connection, site, entry, day, config.zone());
              Marks.put(
                  connection,
                  site,
                  entry,
                  day,
                  userId,
                  status,
                  Mark.Source.CORRECTION,
                  old.flatMap(Mark::tappedAt),
                  Optional.of(reason.strip()),
                  Optional.of(caller.auditName()),
                  now);
              MarkEvents.markChanged(
                  connection,
                  outbox,
                  ExportEventType.ATTENDANCE_CORRECTED,
                  site,
                  entry,
                  day,
                  userId,
                  status,
                  Mark.Source.CORRECTION,
                  old.flatMap(Mark::tappedAt),
                  old.map(Mark::status),
                  now);
              event[0] =
                  new LiveEvent.AttendanceEvent(
                      site,
                      entry.roomId(),
                      entry.classId(),
                      entryId,
                      day.toString(),
                      userId,
                      status.name(),
                      Mark.Source.CORRECTION.name(),
                      now.toString());
              return new StudentMark(
                  userId,
                  student.givenName(),
                  student.familyName(),
                  status.name(),
                  Mark.Source.CORRECTION.name(),
                  old.flatMap(Mark::tappedAt).map(Instant::toString).orElse(null),
                  reason.strip(),
                  caller.auditName());
            });
    events.publish(event[0]);
    audit.record(
        caller.auditName(),
        "attendance.correct",
        "mark:" + entryId + "/" + day + "/" + userId,
        List.of(site),
        Map.of("from", before[0], "to", status.name(), "reason", reason.strip()));
    return changed;
  }

  /** Each student's day across the lessons of their classes. */
  public List<DailyAttendance> daily(Caller caller, String site, LocalDate day) {
    Optional<Set<String>> visible = visibleClasses(caller, site);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<DailyAttendance> days = new ArrayList<>();
          for (AttendanceDays.StudentDay student :
              AttendanceDays.of(connection, site, day, visible).students()) {
            Roster.Person person = student.student();
            AttendanceDays.Tally t = student.tally();
            days.add(
                new DailyAttendance(
                    person.sourcedId(),
                    person.givenName(),
                    person.familyName(),
                    t.lessons(),
                    t.present(),
                    t.late(),
                    t.absent(),
                    t.excused(),
                    t.status()));
          }
          return days;
        });
  }

  /** Closes a day: its marks no longer change (taps, lesson ends or corrections). */
  public void lockDay(Caller caller, String site, LocalDate day) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "close attendance days");
    LocalDate today = LocalDate.now(clock.withZone(config.zone()));
    if (day.isAfter(today)) {
      throw RejectedException.invalid(day + " has not happened yet");
    }
    Sql.inTransaction(
        dataSource,
        connection -> {
          if (Marks.dayLocked(connection, site, day)) {
            throw RejectedException.conflict("attendance of " + day + " is already closed");
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO attendance_day_lock (site, lock_date, locked_by, locked_at)"
                      + " VALUES (?,?,?,?)")) {
            insert.setString(1, site);
            insert.setObject(2, day);
            insert.setString(3, caller.auditName());
            insert.setObject(4, Sql.utc(clock.instant()));
            insert.executeUpdate();
          }
          MarkEvents.dayClosed(connection, outbox, site, day, clock.instant());
          return null;
        });
    audit.record(caller.auditName(), "attendance.lock-day", "day:" + day, List.of(site), Map.of());
  }

  static MarkStatus parseStatus(String text) {
    if (text != null) {
      for (MarkStatus status : MarkStatus.values()) {
        if (status.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
          return status;
        }
      }
    }
    throw RejectedException.invalid(
        "status '" + text + "' is not one of PRESENT, LATE, ABSENT, EXCUSED");
  }

  private Map<String, String> titles(String site) {
    Map<String, String> titles = new LinkedHashMap<>();
    roster.classes(site).forEach(c -> titles.put(c.sourcedId(), c.title()));
    return titles;
  }

  static List<TimetableEntry> entriesOn(Connection connection, String site, LocalDate day)
      throws SQLException {
    List<TimetableEntry> held = new ArrayList<>();
    for (TimetableEntry entry : RosterStore.timetable(connection, site, null, null)) {
      if (entry.heldOn(day, RosterStore.term(connection, site, entry.termId()))) {
        held.add(entry);
      }
    }
    return held;
  }

  private static TimetableEntry entry(
      Connection connection,
      String site,
      String entryId,
      LocalDate day,
      Optional<Set<String>> visible)
      throws SQLException {
    return entriesOn(connection, site, day).stream()
        .filter(e -> e.entryId().equals(entryId))
        .filter(e -> visible.map(classes -> classes.contains(e.classId())).orElse(true))
        .findFirst()
        .orElseThrow(
            () ->
                RejectedException.notFound(
                    "no lesson '" + entryId + "' on " + day + " among your classes at " + site));
  }

  private static SessionView session(
      Connection connection,
      String site,
      TimetableEntry entry,
      LocalDate day,
      Map<String, String> titles)
      throws SQLException {
    Map<String, Mark> marks = Marks.marks(connection, site, entry.entryId(), day);
    List<Roster.Person> students = RosterStore.studentsOn(connection, site, entry.classId(), day);
    int[] counts = new int[MarkStatus.values().length];
    int marked = 0;
    for (Roster.Person student : students) {
      Mark mark = marks.get(student.sourcedId());
      if (mark != null) {
        counts[mark.status().ordinal()]++;
        marked++;
      }
    }
    return new SessionView(
        entry.entryId(),
        day.toString(),
        entry.classId(),
        titles.getOrDefault(entry.classId(), entry.classId()),
        entry.roomId(),
        entry.start().toString(),
        entry.end().toString(),
        students.size(),
        counts[MarkStatus.PRESENT.ordinal()],
        counts[MarkStatus.LATE.ordinal()],
        counts[MarkStatus.ABSENT.ordinal()],
        counts[MarkStatus.EXCUSED.ordinal()],
        students.size() - marked,
        Marks.closed(connection, site, entry.entryId(), day));
  }
}
