package io.campusedge.simulators.classroom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.campusedge.agent.api.Durations;
import io.campusedge.agent.internal.config.Problems;
import io.campusedge.agent.internal.config.YamlLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a school scenario ({@code demo-school.yaml}), YAML like the agent's own configuration, and
 * validates it: every problem names the file, the line and the field, e.g. {@code my-school.yaml
 * line 14: rooms[2].students must be between 1 and 200, not 0}.
 */
public final class SchoolScenarioFile {
  /** The demo school shipped in the jar. */
  public static final String DEFAULT_RESOURCE = "/demo-school.yaml";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
  private static final double MAX_SPEED = 10_000;

  private final YAMLFactory yaml = new YAMLFactory();
  private final ObjectMapper mapper =
      new ObjectMapper(yaml)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** The file as written; absent fields are null. */
  record Raw(
      String site,
      Long seed,
      Double speed,
      String start,
      String timeZone,
      RawOutdoor outdoor,
      RawTimetable timetable,
      RawAttendance attendance,
      List<RawRoom> rooms) {}

  record RawOutdoor(Double co2Ppm, Double temperatureCelsius) {}

  record RawTimetable(
      List<String> days, List<RawSession> sessions, String period, String breakLength) {}

  record RawSession(String start, String end) {}

  record RawAttendance(
      Double absentShare, Double lateShare, String lateBy, Double unknownCardChance) {}

  record RawRoom(
      String id,
      String name,
      String classId,
      String classTitle,
      Integer students,
      Double volumeM3,
      Double airChangesPerHour,
      String equipment,
      Boolean lightSensorUnplugged) {}

  /** Thrown with every problem found, one per line. */
  public static final class ScenarioException extends Exception {
    public ScenarioException(List<String> problems) {
      super(String.join("\n", problems));
    }
  }

  public SchoolScenario load(Path file) throws ScenarioException {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new ScenarioException(List.of(file + ": cannot read the scenario file (" + e + ")"));
    }
  }

  /** The demo school shipped in the jar ({@code demo-school.yaml}). */
  public SchoolScenario loadDefault() throws ScenarioException {
    try (InputStream in = SchoolScenarioFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo-school.yaml");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /** {@code source} names the text in messages. */
  public SchoolScenario parse(String text, String source) throws ScenarioException {
    YamlLines lines = YamlLines.scan(text);
    Raw raw = bind(text, source, lines);
    if (raw == null) {
      throw new ScenarioException(List.of(source + " line 1: the file is empty"));
    }
    Problems problems = new Problems(source, lines);
    SchoolScenario scenario = new Validation(problems).scenario(raw);
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems.messages());
    }
    return scenario;
  }

  private Raw bind(String text, String source, YamlLines lines) throws ScenarioException {
    try {
      return mapper.readValue(text, Raw.class);
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      throw new ScenarioException(
          List.of(
              at(source, lines, e)
                  + "unknown field '"
                  + fieldPath(e)
                  + "' (known fields here: "
                  + known
                  + ")"));
    } catch (JsonMappingException e) {
      throw new ScenarioException(
          List.of(at(source, lines, e) + fieldPath(e) + ": " + firstLine(e.getOriginalMessage())));
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
      throw new ScenarioException(
          List.of(
              source + " line " + line + ": not valid YAML: " + firstLine(e.getOriginalMessage())));
    }
  }

  private static String at(String source, YamlLines lines, JsonMappingException e) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
    }
    return source + " line " + lines.lineOf(pointer.toString()) + ": ";
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(top level)" : path.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable value";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Checks the raw file field by field; a bad field is reported and replaced by a placeholder. */
  private static final class Validation {
    private final Problems problems;

    Validation(Problems problems) {
      this.problems = problems;
    }

    SchoolScenario scenario(Raw raw) {
      String site = required(raw.site(), "/site", "site");
      if (site != null && !ID.matcher(site).matches()) {
        problems.add("/site", "site must be a school code of letters, digits, '-' or '_'");
      }
      long seed = raw.seed() == null ? 1 : raw.seed();
      double speed = raw.speed() == null ? 1 : raw.speed();
      if (!(speed > 0 && speed <= MAX_SPEED)) {
        problems.add(
            "/speed",
            "speed must be above 0 and at most "
                + (int) MAX_SPEED
                + " (96: a school day in 5 minutes), not "
                + speed);
      }
      Optional<LocalTime> start = start(raw.start());
      ZoneId zone = zone(raw.timeZone());
      SchoolScenario.Outdoor outdoor = outdoor(raw.outdoor());
      SchoolScenario.Timetable timetable = timetable(raw.timetable());
      VirtualClassroom.AttendanceHabits habits = attendance(raw.attendance());
      List<SchoolScenario.Room> rooms = rooms(raw.rooms());
      return new SchoolScenario(
          site == null ? "" : site, seed, speed, start, zone, outdoor, timetable, habits, rooms);
    }

    private Optional<LocalTime> start(String text) {
      if (text == null || text.equals("now")) {
        return Optional.empty();
      }
      return Optional.ofNullable(time(text, "/start", "start"));
    }

    private ZoneId zone(String text) {
      if (text == null) {
        problems.add("/timeZone", "timeZone is required (e.g. Asia/Ho_Chi_Minh)");
        return ZoneId.of("UTC");
      }
      try {
        return ZoneId.of(text);
      } catch (DateTimeException e) {
        problems.add("/timeZone", "timeZone '" + text + "' is not a time zone id");
        return ZoneId.of("UTC");
      }
    }

    private SchoolScenario.Outdoor outdoor(RawOutdoor raw) {
      if (raw == null) {
        return new SchoolScenario.Outdoor(420, 30);
      }
      double co2 = range(raw.co2Ppm(), 420, 300, 2_000, "/outdoor/co2Ppm", "outdoor.co2Ppm");
      double temperature =
          range(
              raw.temperatureCelsius(),
              30,
              -30,
              50,
              "/outdoor/temperatureCelsius",
              "outdoor.temperatureCelsius");
      return new SchoolScenario.Outdoor(co2, temperature);
    }

    private SchoolScenario.Timetable timetable(RawTimetable raw) {
      if (raw == null) {
        problems.add("/timetable", "timetable is required (days, sessions, period, breakLength)");
        return new SchoolScenario.Timetable(
            Set.of(), List.of(), Duration.ofMinutes(50), Duration.ofMinutes(5));
      }
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      List<String> dayNames = raw.days() == null ? List.of() : raw.days();
      if (dayNames.isEmpty()) {
        problems.add("/timetable/days", "timetable.days needs at least one day (e.g. MONDAY)");
      }
      for (int i = 0; i < dayNames.size(); i++) {
        try {
          days.add(DayOfWeek.valueOf(String.valueOf(dayNames.get(i)).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          problems.add(
              "/timetable/days/" + i,
              "timetable.days[" + i + "] '" + dayNames.get(i) + "' is not a day (MONDAY … SUNDAY)");
        }
      }
      List<SchoolScenario.Session> sessions = new ArrayList<>();
      List<RawSession> rawSessions = raw.sessions() == null ? List.of() : raw.sessions();
      if (rawSessions.isEmpty()) {
        problems.add("/timetable/sessions", "timetable.sessions needs at least one start/end");
      }
      for (int i = 0; i < rawSessions.size(); i++) {
        String at = "/timetable/sessions/" + i;
        String name = "timetable.sessions[" + i + "]";
        RawSession session = rawSessions.get(i);
        LocalTime start = time(session.start(), at + "/start", name + ".start");
        LocalTime end = time(session.end(), at + "/end", name + ".end");
        if (start != null && end != null) {
          if (!start.isBefore(end)) {
            problems.add(at, name + " must end after it starts (" + start + "-" + end + ")");
          } else if (!sessions.isEmpty()
              && start.isBefore(sessions.get(sessions.size() - 1).end())) {
            problems.add(at, name + " must start after the one before it ends");
          } else {
            sessions.add(new SchoolScenario.Session(start, end));
          }
        }
      }
      Duration period = duration(raw.period(), "/timetable/period", "timetable.period", 50);
      Duration breakLength =
          duration(raw.breakLength(), "/timetable/breakLength", "timetable.breakLength", 5);
      if (period.isZero() || breakLength.compareTo(period) >= 0) {
        problems.add(
            "/timetable/breakLength",
            "timetable.breakLength ("
                + breakLength.toMinutes()
                + " min) must be shorter than the period ("
                + period.toMinutes()
                + " min)");
        period = Duration.ofMinutes(50);
        breakLength = Duration.ofMinutes(5);
      }
      return new SchoolScenario.Timetable(days, sessions, period, breakLength);
    }

    private VirtualClassroom.AttendanceHabits attendance(RawAttendance raw) {
      if (raw == null) {
        return VirtualClassroom.AttendanceHabits.NONE;
      }
      double absent = share(raw.absentShare(), "absentShare");
      double late = share(raw.lateShare(), "lateShare");
      double unknown = share(raw.unknownCardChance(), "unknownCardChance");
      Duration lateBy = duration(raw.lateBy(), "/attendance/lateBy", "attendance.lateBy", 0);
      return new VirtualClassroom.AttendanceHabits(absent, late, lateBy, unknown);
    }

    private double share(Double value, String field) {
      return range(value, 0, 0, 1, "/attendance/" + field, "attendance." + field);
    }

    private List<SchoolScenario.Room> rooms(List<RawRoom> raw) {
      List<SchoolScenario.Room> rooms = new ArrayList<>();
      if (raw == null || raw.isEmpty()) {
        problems.add("/rooms", "rooms needs at least one room");
        return rooms;
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < raw.size(); i++) {
        String at = "/rooms/" + i;
        String name = "rooms[" + i + "]";
        RawRoom room = raw.get(i);
        String id = required(room.id(), at + "/id", name + ".id");
        if (id != null && !ID.matcher(id).matches()) {
          problems.add(at + "/id", name + ".id '" + id + "' must be letters, digits, '-' or '_'");
        } else if (id != null && !ids.add(id.toLowerCase(Locale.ROOT))) {
          problems.add(at + "/id", name + ".id '" + id + "' is used by another room");
        }
        String roomName = room.name() == null ? id : room.name();
        String classId =
            room.classId() != null
                ? room.classId()
                : String.valueOf(roomName).replace("Lớp ", "").strip();
        String classTitle = room.classTitle() != null ? room.classTitle() : roomName;
        int students = room.students() == null ? 0 : room.students();
        if (students < 1 || students > 200) {
          problems.add(
              at + "/students",
              name + ".students must be between 1 and 200, not " + room.students());
        }
        double volume =
            range(room.volumeM3(), 180, 10, 5_000, at + "/volumeM3", name + ".volumeM3");
        double ach =
            range(
                room.airChangesPerHour(),
                3,
                0.1,
                30,
                at + "/airChangesPerHour",
                name + ".airChangesPerHour");
        rooms.add(
            new SchoolScenario.Room(
                id == null ? "" : id,
                roomName == null ? "" : roomName,
                classId,
                classTitle == null ? "" : classTitle,
                students,
                volume,
                ach,
                equipment(room.equipment(), at + "/equipment", name + ".equipment"),
                Boolean.TRUE.equals(room.lightSensorUnplugged())));
      }
      return rooms;
    }

    private SchoolScenario.Equipment equipment(String text, String pointer, String field) {
      if (text == null) {
        return SchoolScenario.Equipment.NONE;
      }
      try {
        return SchoolScenario.Equipment.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        problems.add(
            pointer,
            field + " '" + text + "' is not one of none, pjlink-projector, smart-board, fume-hood");
        return SchoolScenario.Equipment.NONE;
      }
    }

    private String required(String value, String pointer, String field) {
      if (value == null || value.isBlank()) {
        problems.add(pointer, field + " is required");
        return null;
      }
      return value;
    }

    private double range(
        Double value, double absent, double min, double max, String pointer, String field) {
      if (value == null) {
        return absent;
      }
      if (value.isNaN() || value < min || value > max) {
        problems.add(
            pointer,
            field + " must be between " + fmt(min) + " and " + fmt(max) + ", not " + value);
        return absent;
      }
      return value;
    }

    private static String fmt(double value) {
      return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private LocalTime time(String text, String pointer, String field) {
      if (text == null) {
        problems.add(pointer, field + " is required (a local time such as \"07:00\")");
        return null;
      }
      try {
        return LocalTime.parse(text);
      } catch (DateTimeException e) {
        problems.add(pointer, field + " '" + text + "' is not a time of day such as \"07:00\"");
        return null;
      }
    }

    private Duration duration(String text, String pointer, String field, long absentMinutes) {
      if (text == null) {
        return Duration.ofMinutes(absentMinutes);
      }
      Optional<Duration> parsed = Durations.parse(text);
      if (parsed.isEmpty() || parsed.get().isNegative()) {
        problems.add(pointer, field + " '" + text + "' is not a duration such as 45m or 8m");
        return Duration.ofMinutes(absentMinutes);
      }
      return parsed.get();
    }
  }
}
