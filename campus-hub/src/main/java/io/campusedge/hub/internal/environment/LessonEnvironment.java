package io.campusedge.hub.internal.environment;

import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarises each room's environment per lesson once the lesson is over (plus {@link #GRACE}, for
 * readings a gateway delivers late): averages and extremes of the minute rollups of CO2,
 * temperature, humidity, light and noise, the minutes CO2 was above the act level, and a comfort
 * level (the worst of the averages' levels). Each summary is stored once and exported as a {@code
 * room.environment.summary} event, so a school's platform sees every lesson's air quality.
 */
@Singleton
public class LessonEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(LessonEnvironment.class);
  static final Duration GRACE = Duration.ofMinutes(10);
  static final int LOOK_BACK_DAYS = 2;
  private static final List<String> METRICS =
      List.of("co2", "temperature", "humidity", "illuminance", "noise");

  private final DataSource dataSource;
  private final RosterStore roster;
  private final EnvironmentConfig config;
  private final ExportOutbox outbox;
  private final ZoneId zone;
  private final Clock clock;

  /** One lesson's summary as the API shows it. */
  @Serdeable
  public record LessonSummary(
      String entryId,
      String date,
      String room,
      String classId,
      String start,
      String end,
      int measuredMinutes,
      @Nullable Double co2Avg,
      @Nullable Double co2Max,
      int co2MinutesAboveAct,
      @Nullable Double temperatureAvg,
      @Nullable Double temperatureMin,
      @Nullable Double temperatureMax,
      @Nullable Double humidityAvg,
      @Nullable Double illuminanceAvg,
      @Nullable Double noiseAvg,
      String comfort) {}

  @Inject
  public LessonEnvironment(
      DataSource dataSource,
      RosterStore roster,
      EnvironmentConfig config,
      AttendanceConfig attendance,
      ExportOutbox outbox) {
    this(dataSource, roster, config, attendance.zone(), outbox, Clock.systemUTC());
  }

  LessonEnvironment(
      DataSource dataSource,
      RosterStore roster,
      EnvironmentConfig config,
      ZoneId zone,
      ExportOutbox outbox,
      Clock clock) {
    this.dataSource = dataSource;
    this.roster = roster;
    this.config = config;
    this.zone = zone;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Scheduled(fixedDelay = "1m", initialDelay = "1m")
  void scheduledRun() {
    try {
      summarise();
    } catch (RuntimeException e) {
      LOG.warn("Summarising lessons' environment failed ({}); next try in a minute", e.toString());
    }
  }

  /** Summarises every lesson that ended at least {@link #GRACE} ago; returns how many. */
  public int summarise() {
    Instant now = clock.instant();
    LocalDate today = now.atZone(zone).toLocalDate();
    int count = 0;
    for (String site : roster.sitesWithTimetable()) {
      for (LocalDate day = today.minusDays(LOOK_BACK_DAYS);
          !day.isAfter(today);
          day = day.plusDays(1)) {
        // Read once per day, so a minute's run over summarised lessons costs one query a day.
        Set<String> done = summarisedOn(site, day);
        for (RosterStore.LessonPeriod lesson : roster.lessonsOn(site, day)) {
          Instant end = day.atTime(lesson.end()).atZone(zone).toInstant();
          if (!done.contains(lesson.entryId())
              && !end.plus(GRACE).isAfter(now)
              && summariseOnce(site, day, lesson)) {
            count++;
          }
        }
      }
    }
    return count;
  }

  private Set<String> summarisedOn(String site, LocalDate day) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          Set<String> entries = new HashSet<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT entry_id FROM lesson_environment WHERE site = ? AND lesson_date = ?")) {
            select.setString(1, site);
            select.setObject(2, day);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                entries.add(rows.getString(1));
              }
            }
          }
          return entries;
        });
  }

  /** Summaries of a school's lessons on a day, in time order. */
  public List<LessonSummary> onDay(String site, LocalDate day) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT entry_id, lesson_date, room_id, class_id, starts_at, ends_at,"
                      + " measured_minutes, co2_avg, co2_max, co2_minutes_above_act,"
                      + " temperature_avg, temperature_min, temperature_max, humidity_avg,"
                      + " illuminance_avg, noise_avg, comfort FROM lesson_environment"
                      + " WHERE site = ? AND lesson_date = ? ORDER BY starts_at, room_id")) {
            select.setString(1, site);
            select.setObject(2, day);
            List<LessonSummary> summaries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                summaries.add(
                    new LessonSummary(
                        rows.getString(1),
                        rows.getObject(2, LocalDate.class).toString(),
                        rows.getString(3),
                        rows.getString(4),
                        Sql.instant(rows.getObject(5)).toString(),
                        Sql.instant(rows.getObject(6)).toString(),
                        rows.getInt(7),
                        number(rows, 8),
                        number(rows, 9),
                        rows.getInt(10),
                        number(rows, 11),
                        number(rows, 12),
                        number(rows, 13),
                        number(rows, 14),
                        number(rows, 15),
                        number(rows, 16),
                        rows.getString(17)));
              }
            }
            return summaries;
          }
        });
  }

  private boolean summariseOnce(String site, LocalDate day, RosterStore.LessonPeriod lesson) {
    Instant start = day.atTime(lesson.start()).atZone(zone).toInstant();
    Instant end = day.atTime(lesson.end()).atZone(zone).toInstant();
    return Sql.inTransaction(
        dataSource,
        connection -> {
          if (exists(connection, site, lesson.entryId(), day)) {
            return false;
          }
          Stats stats = stats(connection, site, lesson.roomId(), start, end);
          String comfort = comfort(stats);
          insert(connection, site, day, lesson, start, end, stats, comfort);
          if (stats.minutes.size() > 0) {
            outbox.enqueue(
                connection,
                ExportEventType.ROOM_ENVIRONMENT_SUMMARY,
                site,
                "room:" + lesson.roomId(),
                exported(site, day, lesson, start, end, stats, comfort),
                end);
          }
          return true;
        });
  }

  /** The minute rollups of the room's devices during the lesson, per metric. */
  private Stats stats(Connection connection, String site, String room, Instant start, Instant end)
      throws SQLException {
    Stats stats = new Stats();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT r.metric, r.bucket_start, r.value_sum / r.sample_count, r.value_min,"
                + " r.value_max FROM reading_rollup_1m r JOIN device d"
                + " ON d.gateway_id = r.gateway_id AND d.device_id = r.device_id"
                + " WHERE d.site = ? AND d.room_id = ?"
                + " AND r.metric IN ('co2', 'temperature', 'humidity', 'illuminance', 'noise')"
                + " AND r.bucket_start >= ? AND r.bucket_start < ?")) {
      select.setString(1, site);
      select.setString(2, room);
      select.setObject(3, Sql.utc(start));
      select.setObject(4, Sql.utc(end));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String metric = rows.getString(1);
          double average = rows.getDouble(3);
          stats.minutes.add(Sql.instant(rows.getObject(2)));
          stats.of(metric).add(average, rows.getDouble(4), rows.getDouble(5));
          if (metric.equals("co2") && average > config.co2Act()) {
            stats.co2MinutesAboveAct++;
          }
        }
      }
    }
    return stats;
  }

  private String comfort(Stats stats) {
    List<Comfort.Level> levels = new ArrayList<>();
    stats.average("co2").ifPresent(v -> levels.add(Comfort.co2(v, config)));
    stats.average("temperature").ifPresent(v -> levels.add(Comfort.temperature(v, config)));
    stats.average("humidity").ifPresent(v -> levels.add(Comfort.humidity(v, config)));
    stats.average("illuminance").ifPresent(v -> levels.add(Comfort.light(v, config)));
    return levels.stream().max(Enum::compareTo).map(Enum::name).orElse("UNKNOWN");
  }

  private static Map<String, Object> exported(
      String site,
      LocalDate day,
      RosterStore.LessonPeriod lesson,
      Instant start,
      Instant end,
      Stats stats,
      String comfort) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", site);
    data.put("room", lesson.roomId());
    data.put("classId", lesson.classId());
    data.put("entryId", lesson.entryId());
    data.put("date", day.toString());
    data.put("start", start.toString());
    data.put("end", end.toString());
    data.put("measuredMinutes", stats.minutes.size());
    for (String metric : METRICS) {
      stats.average(metric).ifPresent(v -> data.put(metric + "Avg", round(v)));
    }
    stats.max("co2").ifPresent(v -> data.put("co2Max", round(v)));
    data.put("co2MinutesAboveAct", stats.co2MinutesAboveAct);
    data.put("comfort", comfort);
    return data;
  }

  private static boolean exists(Connection connection, String site, String entryId, LocalDate day)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM lesson_environment WHERE site = ? AND entry_id = ?"
                + " AND lesson_date = ?")) {
      select.setString(1, site);
      select.setString(2, entryId);
      select.setObject(3, day);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private void insert(
      Connection connection,
      String site,
      LocalDate day,
      RosterStore.LessonPeriod lesson,
      Instant start,
      Instant end,
      Stats stats,
      String comfort)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO lesson_environment (site, entry_id, lesson_date, room_id, class_id,"
                + " starts_at, ends_at, measured_minutes, co2_avg, co2_max,"
                + " co2_minutes_above_act, temperature_avg, temperature_min, temperature_max,"
                + " humidity_avg, illuminance_avg, noise_avg, comfort, created_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      insert.setString(1, site);
      insert.setString(2, lesson.entryId());
      insert.setObject(3, day);
      insert.setString(4, lesson.roomId());
      insert.setString(5, lesson.classId());
      insert.setObject(6, Sql.utc(start));
      insert.setObject(7, Sql.utc(end));
      insert.setInt(8, stats.minutes.size());
      setNumber(insert, 9, stats.average("co2"));
      setNumber(insert, 10, stats.max("co2"));
      insert.setInt(11, stats.co2MinutesAboveAct);
      setNumber(insert, 12, stats.average("temperature"));
      setNumber(insert, 13, stats.min("temperature"));
      setNumber(insert, 14, stats.max("temperature"));
      setNumber(insert, 15, stats.average("humidity"));
      setNumber(insert, 16, stats.average("illuminance"));
      setNumber(insert, 17, stats.average("noise"));
      insert.setString(18, comfort);
      insert.setObject(19, Sql.utc(clock.instant()));
      insert.executeUpdate();
    }
  }

  private static void setNumber(PreparedStatement statement, int index, Optional<Double> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setDouble(index, round(value.get()));
    } else {
      statement.setNull(index, Types.DOUBLE);
    }
  }

  private static Double number(ResultSet row, int column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** Per-metric running aggregates over the lesson's minutes. */
  private static final class Stats {
    final Set<Instant> minutes = new HashSet<>();
    final Map<String, Aggregate> metrics = new HashMap<>();
    int co2MinutesAboveAct;

    Aggregate of(String metric) {
      return metrics.computeIfAbsent(metric, m -> new Aggregate());
    }

    Optional<Double> average(String metric) {
      Aggregate a = metrics.get(metric);
      return a == null ? Optional.empty() : Optional.of(a.sum / a.count);
    }

    Optional<Double> min(String metric) {
      return Optional.ofNullable(metrics.get(metric)).map(a -> a.min);
    }

    Optional<Double> max(String metric) {
      return Optional.ofNullable(metrics.get(metric)).map(a -> a.max);
    }
  }

  private static final class Aggregate {
    double sum;
    long count;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void add(double average, double low, double high) {
      sum += average;
      count++;
      min = Math.min(min, low);
      max = Math.max(max, high);
    }
  }
}
