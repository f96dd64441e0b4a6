package io.campusedge.simulators.demo;

import io.campusedge.simulators.classroom.SchoolScenario;
import io.campusedge.simulators.classroom.SimulationClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The timetable the hub gets, so its attendance sessions open and close when the virtual classrooms
 * hold their lessons. The hub keeps real time: in real time (speed 1, starting now) it is the
 * scenario's weekly timetable; otherwise the first school day of the virtual clock is mapped onto
 * the wall clock, e.g. at speed 96 a 07:00-11:25 session becomes 2 min 46 s from now.
 */
final class DemoTimetable {
  private DemoTimetable() {}

  /** One timetable line: ISO weekday (1 = Monday), local start and end, an id suffix. */
  record Lesson(int weekday, LocalTime start, LocalTime end, String suffix) {}

  static List<Lesson> lessons(SchoolScenario scenario, SimulationClock clock) {
    if (clock.speed() == 1 && scenario.start().isEmpty()) {
      return weekly(scenario.timetable());
    }
    return firstDayOnTheWallClock(scenario, clock);
  }

  /** Every session of every school day, as the scenario states them. */
  static List<Lesson> weekly(SchoolScenario.Timetable timetable) {
    List<Lesson> lessons = new ArrayList<>();
    for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
      if (!timetable.days().contains(day)) {
        continue;
      }
      for (int i = 0; i < timetable.sessions().size(); i++) {
        SchoolScenario.Session session = timetable.sessions().get(i);
        lessons.add(
            new Lesson(day.getValue(), session.start(), session.end(), day.getValue() + suffix(i)));
      }
    }
    return lessons;
  }

  private static String suffix(int session) {
    return switch (session) {
      case 0 -> "-sang";
      case 1 -> "-chieu";
      default -> "-buoi" + (session + 1);
    };
  }

  /**
   * The sessions of the first virtual school day that still has one ahead, at the real times the
   * virtual clock reaches them. A session that would cross real midnight is left out (a timetable
   * line is one day's times).
   */
  static List<Lesson> firstDayOnTheWallClock(SchoolScenario scenario, SimulationClock clock) {
    Instant virtualStart = clock.virtualStart();
    LocalDate date = LocalDate.ofInstant(virtualStart, scenario.zone());
    for (int day = 0; day < 8; day++, date = date.plusDays(1)) {
      List<Lesson> lessons = new ArrayList<>();
      List<SchoolScenario.Interval> sessions =
          scenario.timetable().sessionsOn(date, scenario.zone());
      for (int i = 0; i < sessions.size(); i++) {
        Instant start = sessions.get(i).start();
        Instant end = sessions.get(i).end();
        if (!end.isAfter(virtualStart)) {
          continue;
        }
        Instant from = clock.realTimeOf(start.isBefore(virtualStart) ? virtualStart : start);
        Instant to = clock.realTimeOf(end);
        ZonedDateTime realFrom = from.atZone(scenario.zone()).truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime realTo = to.atZone(scenario.zone()).truncatedTo(ChronoUnit.SECONDS);
        if (!realFrom.toLocalDate().equals(realTo.toLocalDate())
            || Duration.between(realFrom, realTo).toSeconds() < 1) {
          continue;
        }
        lessons.add(
            new Lesson(
                realFrom.getDayOfWeek().getValue(),
                realFrom.toLocalTime(),
                realTo.toLocalTime(),
                date + suffix(i)));
      }
      if (!lessons.isEmpty()) {
        return lessons;
      }
    }
    return List.of();
  }

  /** "Mon-Sat 07:00-11:25 and 13:30-17:00" or the real times of a compressed day. */
  static String describe(List<Lesson> lessons, SchoolScenario scenario, SimulationClock clock) {
    if (clock.speed() == 1 && scenario.start().isEmpty()) {
      StringBuilder text = new StringBuilder();
      for (SchoolScenario.Session session : scenario.timetable().sessions()) {
        text.append(text.length() == 0 ? "" : " and ")
            .append(session.start())
            .append('-')
            .append(session.end());
      }
      return text + " on " + scenario.timetable().days().size() + " days a week";
    }
    StringBuilder text = new StringBuilder("one school day at speed ");
    text.append(clock.speed()).append(", on the wall clock");
    for (Lesson lesson : lessons) {
      text.append(' ').append(lesson.start()).append('-').append(lesson.end());
    }
    return text.toString();
  }
}
