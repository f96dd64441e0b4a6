package io.campusedge.hub.internal.attendance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A school day's marks summed up per student (across the lessons of all their classes) and per
 * class (each enrolled student across that class's lessons), for the daily view and for the records
 * a closed day exports.
 */
final class AttendanceDays {
  private AttendanceDays() {}

  /** Lessons a student had and how many of each mark; the rest are unmarked. */
  record Tally(int lessons, int present, int late, int absent, int excused) {
    /** PRESENT, LATE, ABSENT, EXCUSED, PARTIAL (some lessons missed) or NOT_YET (no mark). */
    String status() {
      if (present + late + absent + excused == 0) {
        return "NOT_YET";
      }
      if (absent + excused == lessons) {
        return excused == lessons ? "EXCUSED" : "ABSENT";
      }
      if (absent + excused > 0) {
        return "PARTIAL";
      }
      return late > 0 ? "LATE" : "PRESENT";
    }
  }

  record StudentDay(Roster.Person student, Tally tally) {}

  /** A class's lessons of the day and each enrolled student's tally over them. */
  record ClassDay(String classId, int lessons, Map<String, Tally> students) {
    long withStatus(String status) {
      return students.values().stream().filter(t -> t.status().equals(status)).count();
    }
  }

  record Day(List<StudentDay> students, List<ClassDay> classes) {}

  /** The day of the classes in {@code visible} (all when empty). */
  static Day of(Connection connection, String site, LocalDate day, Optional<Set<String>> visible)
      throws SQLException {
    Map<String, int[]> byStudent = new LinkedHashMap<>();
    Map<String, Roster.Person> people = new LinkedHashMap<>();
    Map<String, Map<String, int[]>> byClass = new LinkedHashMap<>();
    Map<String, Integer> lessons = new LinkedHashMap<>();
    for (TimetableEntry entry : Attendance.entriesOn(connection, site, day)) {
      if (!visible.map(classes -> classes.contains(entry.classId())).orElse(true)) {
        continue;
      }
      lessons.merge(entry.classId(), 1, Integer::sum);
      Map<String, int[]> inClass =
          byClass.computeIfAbsent(entry.classId(), c -> new LinkedHashMap<>());
      Map<String, Mark> marks = Marks.marks(connection, site, entry.entryId(), day);
      for (Roster.Person student : RosterStore.studentsOn(connection, site, entry.classId(), day)) {
        people.putIfAbsent(student.sourcedId(), student);
        Mark mark = marks.get(student.sourcedId());
        add(byStudent.computeIfAbsent(student.sourcedId(), id -> new int[5]), mark);
        add(inClass.computeIfAbsent(student.sourcedId(), id -> new int[5]), mark);
      }
    }
    List<StudentDay> students = new ArrayList<>();
    byStudent.forEach((id, c) -> students.add(new StudentDay(people.get(id), tally(c))));
    List<ClassDay> classes = new ArrayList<>();
    byClass.forEach(
        (classId, inClass) -> {
          Map<String, Tally> tallies = new LinkedHashMap<>();
          inClass.forEach((id, c) -> tallies.put(id, tally(c)));
          classes.add(new ClassDay(classId, lessons.get(classId), tallies));
        });
    return new Day(students, classes);
  }

  private static void add(int[] counts, Mark mark) {
    counts[0]++;
    if (mark != null) {
      counts[1 + mark.status().ordinal()]++;
    }
  }

  private static Tally tally(int[] c) {
    return new Tally(c[0], c[1], c[2], c[3], c[4]);
  }
}
