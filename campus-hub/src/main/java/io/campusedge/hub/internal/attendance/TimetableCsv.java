package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.attendance.CsvRows.Row;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a school's weekly timetable from CSV: {@code classSourcedId,room,weekday,startTime,endTime}
 * and optionally {@code termSourcedId} and {@code entryId}. Weekday is 1-7 (1 = Monday, as ISO
 * 8601) or MON..SUN; times are local, HH:mm. Classes and terms must be in the imported roster,
 * rooms known to the hub; two lessons overlapping in one room, or one class in two places at once,
 * are problems.
 */
final class TimetableCsv {
  static final String FILE = "timetable.csv";

  private TimetableCsv() {}

  /**
   * @param terms the roster's academic sessions by id (to check names and overlapping terms)
   * @param previous the stored entries by id, whose creation time is kept when re-imported
   *     unchanged
   */
  static List<TimetableEntry> read(
      byte[] bytes,
      Set<String> classes,
      Map<String, Roster.Term> terms,
      Set<String> rooms,
      Map<String, TimetableEntry> previous,
      Instant now) {
    List<ImportProblem> problems = new ArrayList<>();
    CsvRows csv =
        CsvRows.read(
            FILE,
            bytes,
            Set.of("classSourcedId", "room", "weekday", "startTime", "endTime"),
            problems);
    List<TimetableEntry> entries = new ArrayList<>();
    Map<String, Long> lines = new HashMap<>();
    Map<TimetableEntry, Long> lineOf = new HashMap<>();
    for (Row row : csv.rows()) {
      Optional<String> classId = row.required("classSourcedId");
      Optional<String> room = row.required("room");
      Optional<DayOfWeek> weekday = row.required("weekday").flatMap(text -> weekday(row, text));
      Optional<LocalTime> start =
          row.required("startTime").flatMap(text -> time(row, "startTime", text));
      Optional<LocalTime> end = row.required("endTime").flatMap(text -> time(row, "endTime", text));
      Optional<String> term = row.optional("termSourcedId");
      if (classId.isEmpty()
          || room.isEmpty()
          || weekday.isEmpty()
          || start.isEmpty()
          || end.isEmpty()) {
        continue;
      }
      boolean ok = true;
      if (!classes.contains(classId.get())) {
        row.problem("class '" + classId.get() + "' is not in the imported roster");
        ok = false;
      }
      if (!rooms.contains(room.get())) {
        row.problem(
            "room '"
                + room.get()
                + "' is not known at this school (rooms come from enrolled gateways; see GET"
                + " /api/v1/rooms)");
        ok = false;
      }
      if (term.isPresent() && !terms.containsKey(term.get())) {
        row.problem("term '" + term.get() + "' is not in the roster's academicSessions.csv");
        ok = false;
      }
      if (!end.get().isAfter(start.get())) {
        row.problem("endTime " + end.get() + " is not after startTime " + start.get());
        ok = false;
      }
      String entryId =
          row.optional("entryId")
              .orElse(
                  classId.get()
                      + "-"
                      + weekday.get().getValue()
                      + "-"
                      + start.get().toString().replace(":", ""));
      if (entryId.length() > 64) {
        row.problem("entryId '" + entryId + "' is longer than 64 characters");
        ok = false;
      }
      Long first = lines.putIfAbsent(entryId, row.line());
      if (first != null) {
        row.problem("entry '" + entryId + "' is already on line " + first);
        ok = false;
      }
      if (!ok) {
        continue;
      }
      TimetableEntry candidate =
          new TimetableEntry(
              entryId, classId.get(), room.get(), weekday.get(), start.get(), end.get(), term, now);
      TimetableEntry old = previous.get(entryId);
      TimetableEntry entry =
          old != null && sameLesson(old, candidate)
              ? candidate.withCreatedAt(old.createdAt())
              : candidate;
      for (TimetableEntry other : entries) {
        if (entry.overlaps(other) && termsOverlap(entry, other, terms)) {
          if (other.roomId().equals(entry.roomId())) {
            row.problem(
                "overlaps line "
                    + lineOf.get(other)
                    + " in room "
                    + entry.roomId()
                    + " ("
                    + other.classId()
                    + " "
                    + other.start()
                    + "-"
                    + other.end()
                    + ")");
          } else if (other.classId().equals(entry.classId())) {
            row.problem(
                "class "
                    + entry.classId()
                    + " is already in room "
                    + other.roomId()
                    + " at that time (line "
                    + lineOf.get(other)
                    + ")");
          }
        }
      }
      entries.add(entry);
      lineOf.put(entry, row.line());
    }
    if (!problems.isEmpty()) {
      throw new RejectedException(
          RejectedException.Kind.INVALID,
          "the timetable was not imported: "
              + problems.size()
              + " problem(s); the previous timetable stays",
          problems);
    }
    return entries;
  }

  private static boolean sameLesson(TimetableEntry a, TimetableEntry b) {
    return a.classId().equals(b.classId())
        && a.roomId().equals(b.roomId())
        && a.weekday() == b.weekday()
        && a.start().equals(b.start())
        && a.end().equals(b.end())
        && a.termId().equals(b.termId());
  }

  private static boolean termsOverlap(
      TimetableEntry a, TimetableEntry b, Map<String, Roster.Term> terms) {
    if (a.termId().isEmpty() || b.termId().isEmpty()) {
      return true;
    }
    Roster.Term x = terms.get(a.termId().get());
    Roster.Term y = terms.get(b.termId().get());
    return !x.end().isBefore(y.start()) && !y.end().isBefore(x.start());
  }

  private static Optional<DayOfWeek> weekday(Row row, String text) {
    if (text.matches("[1-7]")) {
      return Optional.of(DayOfWeek.of(Integer.parseInt(text)));
    }
    String upper = text.toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().startsWith(upper) && upper.length() >= 3) {
        return Optional.of(day);
      }
    }
    row.problem("weekday '" + text + "' is not 1-7 (1 = Monday) or MON..SUN");
    return Optional.empty();
  }

  private static Optional<LocalTime> time(Row row, String column, String text) {
    try {
      return Optional.of(LocalTime.parse(text.length() == 4 ? "0" + text : text));
    } catch (DateTimeParseException e) {
      row.problem(column + " '" + text + "' is not a time like 07:30");
      return Optional.empty();
    }
  }
}
