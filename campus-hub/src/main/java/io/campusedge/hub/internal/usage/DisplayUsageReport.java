package io.campusedge.hub.internal.usage;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.store.HourlyRollups;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Smart board and projector utilisation per room: the hours each display was in use, its power-on
 * sessions and input changes per school day (the drivers' {@code on_hours_today}, {@code
 * sessions_today}, {@code input_changes_today}, whose last value of a day is that day's total), and
 * the share of the room's timetabled lesson time the display was on. Read from the hourly rollups,
 * whose buckets fall inside local days for zones with whole-hour offsets (Vietnam, UTC+7).
 */
@Singleton
public class DisplayUsageReport {
  private static final int MAX_DAYS = 92;
  private static final List<String> METRICS =
      List.of("on_hours_today", "sessions_today", "input_changes_today");

  /** One display on one day (or ISO week, {@code period} 2026-W49). */
  @Serdeable
  public record DisplayUsage(
      String period,
      String room,
      String gatewayId,
      String deviceId,
      double onHours,
      long sessions,
      long inputChanges,
      double lessonHours,
      @Nullable Double utilisation) {}

  private final DataSource dataSource;
  private final HourlyRollups hourlyRollups;
  private final RosterStore roster;
  private final AttendanceConfig config;

  public DisplayUsageReport(
      DataSource dataSource,
      HourlyRollups hourlyRollups,
      RosterStore roster,
      AttendanceConfig config) {
    this.dataSource = dataSource;
    this.hourlyRollups = hourlyRollups;
    this.roster = roster;
    this.config = config;
  }

  /** Per day, or per ISO week when {@code weekly}, from {@code from} to {@code to} inclusive. */
  public List<DisplayUsage> report(
      Caller caller, String site, LocalDate from, LocalDate to, boolean weekly) {
    caller.requireSite(site);
    if (to.isBefore(from)) {
      throw RejectedException.invalid("to " + to + " is before from " + from);
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw RejectedException.invalid("at most " + MAX_DAYS + " days per report");
    }
    ZoneId zone = config.zone();
    Instant start = from.atStartOfDay(zone).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
    // (period, room, gateway, device) -> [onHours, sessions, inputChanges] as the day's maxima.
    Map<List<String>, double[]> days = new TreeMap<>(this::compareKeys);
    // The hour rows of the range include what was stored up to now, today's open hour too.
    hourlyRollups.catchUp(start, end);
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT d.room_id, r.gateway_id, r.device_id, r.metric, r.bucket_start,"
                      + " r.value_max FROM reading_rollup_1h r JOIN device d"
                      + " ON d.gateway_id = r.gateway_id AND d.device_id = r.device_id"
                      + " WHERE d.site = ? AND r.metric IN (?, ?, ?)"
                      + " AND r.bucket_start >= ? AND r.bucket_start < ?")) {
            select.setString(1, site);
            for (int i = 0; i < METRICS.size(); i++) {
              select.setString(2 + i, METRICS.get(i));
            }
            select.setObject(5, Sql.utc(start));
            select.setObject(6, Sql.utc(end));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                LocalDate day = Sql.instant(rows.getObject(5)).atZone(zone).toLocalDate();
                List<String> key =
                    List.of(
                        day.toString(), rows.getString(1), rows.getString(2), rows.getString(3));
                double[] totals = days.computeIfAbsent(key, k -> new double[3]);
                int index = METRICS.indexOf(rows.getString(4));
                totals[index] = Math.max(totals[index], rows.getDouble(6));
              }
            }
          }
          return null;
        });
    Map<String, Map<String, Duration>> lessons = new TreeMap<>();
    Map<List<String>, double[]> periods = new TreeMap<>(this::compareKeys);
    for (Map.Entry<List<String>, double[]> entry : days.entrySet()) {
      LocalDate day = LocalDate.parse(entry.getKey().get(0));
      String room = entry.getKey().get(1);
      double lessonHours =
          lessons
                  .computeIfAbsent(day.toString(), d -> roster.lessonTimeByRoom(site, day))
                  .getOrDefault(room, Duration.ZERO)
                  .toMinutes()
              / 60.0;
      String period = weekly ? week(day) : day.toString();
      List<String> key = List.of(period, room, entry.getKey().get(2), entry.getKey().get(3));
      double[] sum = periods.computeIfAbsent(key, k -> new double[4]);
      for (int i = 0; i < 3; i++) {
        sum[i] += entry.getValue()[i];
      }
      sum[3] += lessonHours;
    }
    List<DisplayUsage> report = new ArrayList<>();
    periods.forEach(
        (key, sum) ->
            report.add(
                new DisplayUsage(
                    key.get(0),
                    key.get(1),
                    key.get(2),
                    key.get(3),
                    Math.round(sum[0] * 100) / 100.0,
                    Math.round(sum[1]),
                    Math.round(sum[2]),
                    Math.round(sum[3] * 100) / 100.0,
                    sum[3] > 0 ? Math.round(sum[0] / sum[3] * 1000) / 1000.0 : null)));
    return report;
  }

  static String week(LocalDate day) {
    return "%d-W%02d"
        .formatted(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
