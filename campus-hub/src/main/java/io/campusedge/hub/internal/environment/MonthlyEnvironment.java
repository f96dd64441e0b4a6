package io.campusedge.hub.internal.environment;

import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums up each room's environment per calendar month (school time zone) from its lesson summaries
 * once the month is closed: {@link #CLOSE_AFTER_DAYS} days after its end, when the last lessons are
 * summarised even if their readings came late. Lessons held and measured, CO2 mean and peak and
 * minutes above the act level, temperature mean, lowest and highest, humidity, light and noise
 * means (lesson means weighted by their measured minutes) and lessons per comfort level. Stored
 * once per room and month and exported as a {@code room.environment.monthly} event; catches up
 * {@link #LOOK_BACK_MONTHS} months after the hub was down.
 */
@Singleton
public class MonthlyEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(MonthlyEnvironment.class);
  static final int CLOSE_AFTER_DAYS = LessonEnvironment.LOOK_BACK_DAYS + 1;
  static final int LOOK_BACK_MONTHS = 3;

  private final DataSource dataSource;
  private final EnvironmentConfig config;
  private final ExportOutbox outbox;
  private final ZoneId zone;
  private final Clock clock;

  @Inject
  public MonthlyEnvironment(
      DataSource dataSource,
      EnvironmentConfig config,
      AttendanceConfig attendance,
      ExportOutbox outbox) {
    this(dataSource, config, attendance.zone(), outbox, Clock.systemUTC());
  }

  MonthlyEnvironment(
      DataSource dataSource,
      EnvironmentConfig config,
      ZoneId zone,
      ExportOutbox outbox,
      Clock clock) {
    this.dataSource = dataSource;
    this.config = config;
    this.zone = zone;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Scheduled(fixedDelay = "1h", initialDelay = "3m")
  void scheduledRun() {
    try {
      closeMonths();
    } catch (RuntimeException e) {
      LOG.warn("Summing up rooms' months failed ({}); next try in an hour", e.toString());
    }
  }

  /** The latest month that is closed now. */
  YearMonth lastClosed() {
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    return YearMonth.from(today.minusDays(CLOSE_AFTER_DAYS)).minusMonths(1);
  }

  /** Sums up every closed month of the last few that a room has lessons in; returns how many. */
  public int closeMonths() {
    YearMonth last = lastClosed();
    int count = 0;
    for (YearMonth month = last.minusMonths(LOOK_BACK_MONTHS - 1L);
        !month.isAfter(last);
        month = month.plusMonths(1)) {
      for (String[] room : unsummarised(month)) {
        if (summariseOnce(room[0], room[1], month)) {
          count++;
        }
      }
    }
    return count;
  }

  private List<String[]> unsummarised(YearMonth month) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT DISTINCT l.site, l.room_id FROM lesson_environment l"
                      + " WHERE l.lesson_date >= ? AND l.lesson_date < ?"
                      + " AND NOT EXISTS (SELECT 1 FROM environment_month m WHERE m.site = l.site"
                      + " AND m.room_id = l.room_id AND m.month_start = ?)"
                      + " ORDER BY l.site, l.room_id")) {
            select.setObject(1, month.atDay(1));
            select.setObject(2, month.plusMonths(1).atDay(1));
            select.setObject(3, month.atDay(1));
            List<String[]> rooms = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                rooms.add(new String[] {rows.getString(1), rows.getString(2)});
              }
            }
            return rooms;
          }
        });
  }

  // Another hub may have summed it up since: the check inside the transaction (and the primary key)
  // keep it to one row and one event.
  private boolean summariseOnce(String site, String room, YearMonth month) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          if (exists(connection, site, room, month)) {
            return false;
          }
          Month sums = sums(connection, site, room, month);
          insert(connection, site, room, month, sums);
          Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
          outbox.enqueue(
              connection,
              ExportEventType.ROOM_ENVIRONMENT_MONTHLY,
              site,
              "room:" + room,
              exported(site, room, month, sums),
              end);
          return true;
        });
  }

  private Month sums(Connection connection, String site, String room, YearMonth month)
      throws SQLException {
    Month sums = new Month();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT measured_minutes, co2_avg, co2_max, co2_minutes_above_act, temperature_avg,"
                + " temperature_min, temperature_max, humidity_avg, illuminance_avg, noise_avg,"
                + " comfort FROM lesson_environment"
                + " WHERE site = ? AND room_id = ? AND lesson_date >= ? AND lesson_date < ?")) {
      select.setString(1, site);
      select.setString(2, room);
      select.setObject(3, month.atDay(1));
      select.setObject(4, month.plusMonths(1).atDay(1));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          int minutes = rows.getInt(1);
          sums.lessons++;
          if (minutes > 0) {
            sums.measuredLessons++;
            sums.measuredMinutes += minutes;
          }
          sums.co2.add(minutes, number(rows, 2));
          number(rows, 3).ifPresent(v -> sums.co2Max = Math.max(sums.co2Max, v));
          sums.co2MinutesAboveAct += rows.getInt(4);
          sums.temperature.add(minutes, number(rows, 5));
          number(rows, 6).ifPresent(v -> sums.temperatureMin = Math.min(sums.temperatureMin, v));
          number(rows, 7).ifPresent(v -> sums.temperatureMax = Math.max(sums.temperatureMax, v));
          sums.humidity.add(minutes, number(rows, 8));
          sums.illuminance.add(minutes, number(rows, 9));
          sums.noise.add(minutes, number(rows, 10));
          sums.comfort.merge(rows.getString(11), 1, Integer::sum);
        }
      }
    }
    return sums;
  }

  private Map<String, Object> exported(String site, String room, YearMonth month, Month sums) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", site);
    data.put("room", room);
    data.put("month", month.toString());
    data.put("lessons", sums.lessons);
    data.put("measuredLessons", sums.measuredLessons);
    data.put("measuredMinutes", sums.measuredMinutes);
    sums.co2.mean().ifPresent(v -> data.put("co2Avg", v));
    sums.co2Max().ifPresent(v -> data.put("co2Max", v));
    data.put("co2MinutesAboveAct", sums.co2MinutesAboveAct);
    data.put("co2ActPpm", config.co2Act());
    sums.temperature.mean().ifPresent(v -> data.put("temperatureAvg", v));
    sums.temperatureMin().ifPresent(v -> data.put("temperatureMin", v));
    sums.temperatureMax().ifPresent(v -> data.put("temperatureMax", v));
    sums.humidity.mean().ifPresent(v -> data.put("humidityAvg", v));
    sums.illuminance.mean().ifPresent(v -> data.put("illuminanceAvg", v));
    sums.noise.mean().ifPresent(v -> data.put("noiseAvg", v));
    data.put("lessonsGood", sums.comfort("GOOD"));
    data.put("lessonsFair", sums.comfort("FAIR"));
    data.put("lessonsPoor", sums.comfort("POOR"));
    return data;
  }

  private static boolean exists(Connection connection, String site, String room, YearMonth month)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM environment_month WHERE site = ? AND room_id = ?"
                + " AND month_start = ?")) {
      select.setString(1, site);
      select.setString(2, room);
      select.setObject(3, month.atDay(1));
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private void insert(Connection connection, String site, String room, YearMonth month, Month sums)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO environment_month (site, room_id, month_start, lessons,"
                + " measured_lessons, measured_minutes, co2_avg, co2_max, co2_minutes_above_act,"
                + " temperature_avg, temperature_min, temperature_max, humidity_avg,"
                + " illuminance_avg, noise_avg, lessons_good, lessons_fair, lessons_poor,"
                + " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      insert.setString(1, site);
      insert.setString(2, room);
      insert.setObject(3, month.atDay(1));
      insert.setInt(4, sums.lessons);
      insert.setInt(5, sums.measuredLessons);
      insert.setInt(6, sums.measuredMinutes);
      setNumber(insert, 7, sums.co2.mean());
      setNumber(insert, 8, sums.co2Max());
      insert.setInt(9, sums.co2MinutesAboveAct);
      setNumber(insert, 10, sums.temperature.mean());
      setNumber(insert, 11, sums.temperatureMin());
      setNumber(insert, 12, sums.temperatureMax());
      setNumber(insert, 13, sums.humidity.mean());
      setNumber(insert, 14, sums.illuminance.mean());
      setNumber(insert, 15, sums.noise.mean());
      insert.setInt(16, sums.comfort("GOOD"));
      insert.setInt(17, sums.comfort("FAIR"));
      insert.setInt(18, sums.comfort("POOR"));
      insert.setObject(19, Sql.utc(clock.instant()));
      insert.executeUpdate();
    }
  }

  private static void setNumber(PreparedStatement statement, int index, Optional<Double> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setDouble(index, value.get());
    } else {
      statement.setNull(index, Types.DOUBLE);
    }
  }

  private static Optional<Double> number(ResultSet row, int column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** A room's month so far. */
  private static final class Month {
    int lessons;
    int measuredLessons;
    int measuredMinutes;
    int co2MinutesAboveAct;
    final WeightedMean co2 = new WeightedMean();
    final WeightedMean temperature = new WeightedMean();
    final WeightedMean humidity = new WeightedMean();
    final WeightedMean illuminance = new WeightedMean();
    final WeightedMean noise = new WeightedMean();
    double co2Max = Double.NEGATIVE_INFINITY;
    double temperatureMin = Double.POSITIVE_INFINITY;
    double temperatureMax = Double.NEGATIVE_INFINITY;
    final Map<String, Integer> comfort = new LinkedHashMap<>();

    Optional<Double> co2Max() {
      return finite(co2Max);
    }

    Optional<Double> temperatureMin() {
      return finite(temperatureMin);
    }

    Optional<Double> temperatureMax() {
      return finite(temperatureMax);
    }

    int comfort(String level) {
      return comfort.getOrDefault(level, 0);
    }

    private static Optional<Double> finite(double value) {
      return Double.isInfinite(value) ? Optional.empty() : Optional.of(round(value));
    }
  }

  /** Lesson means weighted by the lesson's measured minutes. */
  private static final class WeightedMean {
    double sum;
    long weight;

    void add(int minutes, Optional<Double> mean) {
      if (mean.isPresent() && minutes > 0) {
        sum += mean.get() * minutes;
        weight += minutes;
      }
    }

    Optional<Double> mean() {
      return weight == 0 ? Optional.empty() : Optional.of(round(sum / weight));
    }
  }
}
