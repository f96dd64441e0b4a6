package io.campusedge.simulators.classroom;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A simulated school as a scenario file describes it ({@link SchoolScenarioFile}): the rooms and
 * their air, the weather, the timetable, how the pupils come to lessons, the seed every random draw
 * follows from, and how fast the virtual clock runs.
 *
 * @param start the local time of day the virtual clock starts at today, or empty for now
 */
public record SchoolScenario(
    String site,
    long seed,
    double speed,
    Optional<LocalTime> start,
    ZoneId zone,
    Outdoor outdoor,
    Timetable timetable,
    VirtualClassroom.AttendanceHabits attendance,
    List<Room> rooms) {

  public SchoolScenario {
    rooms = List.copyOf(rooms);
  }

  /** The outdoor air the rooms ventilate with. */
  public record Outdoor(double co2Ppm, double temperatureCelsius) {}

  /** A block of lessons, e.g. the morning 07:00-11:25. */
  public record Session(LocalTime start, LocalTime end) {}

  /**
   * Lessons on {@code days} within each session, one every {@code period} from the session's start;
   * the last {@code breakLength} of each period is a break, when a quarter of the class stays in.
   */
  public record Timetable(
      Set<DayOfWeek> days, List<Session> sessions, Duration period, Duration breakLength) {
    public Timetable {
      days = Set.copyOf(days);
      sessions = List.copyOf(sessions);
    }

    /** People in a room of {@code students} at {@code time}. */
    public int occupants(ZonedDateTime time, int students) {
      if (!days.contains(time.getDayOfWeek())) {
        return 0;
      }
      LocalTime t = time.toLocalTime();
      for (Session session : sessions) {
        if (!t.isBefore(session.start()) && t.isBefore(session.end())) {
          long intoPeriod = Duration.between(session.start(), t).toSeconds() % period.toSeconds();
          return intoPeriod < period.minus(breakLength).toSeconds() ? students : students / 4;
        }
      }
      return 0;
    }

    /** The sessions of {@code date} as instants in {@code zone}; none on a day off. */
    public List<Interval> sessionsOn(LocalDate date, ZoneId zone) {
      List<Interval> intervals = new ArrayList<>();
      if (!days.contains(date.getDayOfWeek())) {
        return intervals;
      }
      for (Session session : sessions) {
        intervals.add(
            new Interval(
                date.atTime(session.start()).atZone(zone).toInstant(),
                date.atTime(session.end()).atZone(zone).toInstant()));
      }
      return intervals;
    }
  }

  /** From {@code start} (included) to {@code end} (excluded). */
  public record Interval(Instant start, Instant end) {}

  /** The room's networked device, if any. */
  public enum Equipment {
    NONE,
    PJLINK_PROJECTOR,
    SMART_BOARD,
    FUME_HOOD
  }

  /**
   * One room and the class the timetable puts in it. {@code lightSensorUnplugged} leaves its BH1750
   * off the bus (what a technician sees for a missing sensor).
   */
  public record Room(
      String id,
      String name,
      String classId,
      String classTitle,
      int students,
      double volumeM3,
      double airChangesPerHour,
      Equipment equipment,
      boolean lightSensorUnplugged) {}

  /**
   * Where the virtual clock starts: now, or at {@link #start} in the school's zone today, or on the
   * next school day when today has no lessons (a demo started on a Sunday still begins a day).
   */
  public Instant virtualStart(Instant now) {
    if (start.isEmpty()) {
      return now;
    }
    LocalDate date = LocalDate.ofInstant(now, zone);
    for (int i = 0; i < 7 && !timetable.days().contains(date.getDayOfWeek()); i++) {
      date = date.plusDays(1);
    }
    return date.atTime(start.get()).atZone(zone).toInstant();
  }

  /** The same school at another speed (the demo's {@code --speed}). */
  public SchoolScenario withSpeed(double newSpeed) {
    return new SchoolScenario(
        site, seed, newSpeed, start, zone, outdoor, timetable, attendance, rooms);
  }

  /** The same school with the virtual clock starting at {@code time} today, or now when null. */
  public SchoolScenario withStart(LocalTime time) {
    return new SchoolScenario(
        site, seed, speed, Optional.ofNullable(time), zone, outdoor, timetable, attendance, rooms);
  }

  /**
   * Room {@code index}'s own seed: the rooms differ, the run repeats; seed 1 gives rooms 1, 2, 3, …
   * as the demo had before it read a file.
   */
  public long roomSeed(int index) {
    return (seed - 1) * 1_000L + index + 1;
  }
}
