package io.campusedge.hub.internal.usage;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Room occupancy against the timetable, per room and day (or ISO week): the minutes an occupancy
 * sensor saw people ({@code occupied} from a PIR, {@code occupancy} from a counter; a minute counts
 * when its 1-minute rollup's maximum is above zero), split into inside and outside timetabled
 * lessons, and the lessons during which the room stayed empty (moved, cancelled, or a wrong
 * timetable). Minutes without any occupancy data are not counted either way: {@code measuredHours}
 * says how much of the day the sensors covered.
 */
@Singleton
public class RoomOccupancyReport {
  static final int MAX_DAYS = 31;

  /** One room on one day, or ISO week ({@code period} 2026-W49). */
  @Serdeable
  public record RoomOccupancy(
      String period,
      String room,
      double lessonHours,
      int lessons,
      int emptyLessons,
      double measuredHours,
      double occupiedHours,
      double occupiedInLessonsHours,
      double occupiedOutsideLessonsHours,
      @Nullable Double lessonOccupancy) {}

  private final DataSource dataSource;
  private final RosterStore roster;
  private final ZoneId zone;

  public RoomOccupancyReport(DataSource dataSource, RosterStore roster, AttendanceConfig config) {
    this.dataSource = dataSource;
    this.roster = roster;
    this.zone = config.zone();
  }

  public List<RoomOccupancy> report(
      Caller caller, String site, LocalDate from, LocalDate to, boolean weekly) {
    caller.requireSite(site);
    if (to.isBefore(from)) {
      throw RejectedException.invalid("to " + to + " is before from " + from);
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw RejectedException.invalid(
          "at most " + MAX_DAYS + " days per report (minute rollups are the source)");
    }
    Map<String, Totals> periods = new TreeMap<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      String period = weekly ? DisplayUsageReport.week(day) : day.toString();
      Map<String, Minutes> rooms = minutes(site, day);
      Map<String, List<long[]>> lessons = lessons(site, day);
      Set<String> roomIds = new TreeSet<>(rooms.keySet());
      roomIds.addAll(lessons.keySet());
      for (String room : roomIds) {
        Minutes seen = rooms.getOrDefault(room, new Minutes());
        periods
            .computeIfAbsent(period + "\n" + room, k -> new Totals())
            .add(seen, lessons.getOrDefault(room, List.of()));
      }
    }
    List<RoomOccupancy> report = new ArrayList<>();
    periods.forEach(
        (key, totals) -> {
          String[] parts = key.split("\n", 2);
          report.add(totals.view(parts[0], parts[1]));
        });
    return report;
  }

  /** Minutes (epoch minutes) with occupancy data and with people, per room, on a local day. */
  private Map<String, Minutes> minutes(String site, LocalDate day) {
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    return Sql.inTransaction(
        dataSource,
        connection -> {
          Map<String, Minutes> rooms = new HashMap<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT d.room_id, r.bucket_start, r.value_max FROM reading_rollup_1m r"
                      + " JOIN device d ON d.gateway_id = r.gateway_id"
                      + " AND d.device_id = r.device_id"
                      + " WHERE d.site = ? AND r.metric IN ('occupied', 'occupancy')"
                      + " AND r.bucket_start >= ? AND r.bucket_start < ?")) {
            select.setString(1, site);
            select.setObject(2, Sql.utc(start));
            select.setObject(3, Sql.utc(end));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                String room = rows.getString(1);
                if (room == null || room.isEmpty()) {
                  continue;
                }
                long minute = Sql.instant(rows.getObject(2)).getEpochSecond() / 60;
                Minutes seen = rooms.computeIfAbsent(room, r -> new Minutes());
                seen.measured.add(minute);
                if (rows.getDouble(3) > 0) {
                  seen.occupied.add(minute);
                }
              }
            }
          }
          return rooms;
        });
  }

  /** Each room's lessons on a day as [first, end) epoch minutes. */
  private Map<String, List<long[]>> lessons(String site, LocalDate day) {
    Map<String, List<long[]>> byRoom = new HashMap<>();
    for (RosterStore.LessonPeriod lesson : roster.lessonsOn(site, day)) {
      long first = day.atTime(lesson.start()).atZone(zone).toEpochSecond() / 60;
      long end = day.atTime(lesson.end()).atZone(zone).toEpochSecond() / 60;
      byRoom.computeIfAbsent(lesson.roomId(), r -> new ArrayList<>()).add(new long[] {first, end});
    }
    return byRoom;
  }

  private static final class Minutes {
    final Set<Long> measured = new HashSet<>();
    final Set<Long> occupied = new HashSet<>();
  }

  private static final class Totals {
    long lessonMinutes;
    int lessons;
    int emptyLessons;
    long measured;
    long occupied;
    long occupiedInLessons;
    long measuredInLessons;

    void add(Minutes seen, List<long[]> lessonsOfDay) {
      measured += seen.measured.size();
      occupied += seen.occupied.size();
      Set<Long> inLessons = new HashSet<>();
      for (long[] lesson : lessonsOfDay) {
        lessons++;
        lessonMinutes += lesson[1] - lesson[0];
        boolean measuredAny = false;
        boolean anyone = false;
        for (long minute = lesson[0]; minute < lesson[1]; minute++) {
          inLessons.add(minute);
          measuredAny |= seen.measured.contains(minute);
          anyone |= seen.occupied.contains(minute);
        }
        // A lesson without sensor data is unknown, not empty.
        if (measuredAny && !anyone) {
          emptyLessons++;
        }
      }
      for (long minute : inLessons) {
        if (seen.measured.contains(minute)) {
          measuredInLessons++;
          if (seen.occupied.contains(minute)) {
            occupiedInLessons++;
          }
        }
      }
    }

    RoomOccupancy view(String period, String room) {
      return new RoomOccupancy(
          period,
          room,
          hours(lessonMinutes),
          lessons,
          emptyLessons,
          hours(measured),
          hours(occupied),
          hours(occupiedInLessons),
          hours(occupied - occupiedInLessons),
          measuredInLessons > 0
              ? Math.round(1000.0 * occupiedInLessons / measuredInLessons) / 1000.0
              : null);
    }

    private static double hours(long minutes) {
      return Math.round(minutes / 60.0 * 100) / 100.0;
    }
  }
}
