package io.campusedge.drivers.sim;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;

/**
 * A small physical model of one classroom (used by the simulated-climate driver and by the
 * simulators' virtual classrooms), enough to drive plausible sensor values: occupancy follows a
 * school timetable, CO2 follows a single-zone mass balance, temperature drifts with people in the
 * room. Pure: state advances only through {@link #advance(long)}.
 */
public final class ClassroomClimateModel {
  /** CO2 exhaled per seated pupil, about 0.0043 L/s at light activity (ASHRAE 62.1 background). */
  private static final double CO2_LITRES_PER_SECOND_PER_PERSON = 0.0043;

  /** Outdoor air today, about 420 ppm (NOAA global monthly mean, 2024). */
  public static final double OUTDOOR_CO2_PPM = 420;

  private final Random random;
  private final int students;
  private final double roomVolumeM3;
  private final double airChangesPerHour;
  private final double outdoorTemperature;
  private final double outdoorCo2Ppm;
  private final ZoneId zone;
  private final java.util.function.LongToIntFunction occupancy;

  private double co2Ppm;
  private double temperature;
  private long lastEpochMs = -1;

  public ClassroomClimateModel(
      long seed,
      int students,
      double roomVolumeM3,
      double airChangesPerHour,
      double outdoorTemperature,
      ZoneId zone) {
    this(seed, students, roomVolumeM3, airChangesPerHour, outdoorTemperature, zone, null);
  }

  /**
   * With {@code occupancy} (epoch ms to people in the room) instead of the school timetable, e.g. a
   * test's own lesson.
   */
  public ClassroomClimateModel(
      long seed,
      int students,
      double roomVolumeM3,
      double airChangesPerHour,
      double outdoorTemperature,
      ZoneId zone,
      java.util.function.LongToIntFunction occupancy) {
    this(
        seed,
        students,
        roomVolumeM3,
        airChangesPerHour,
        outdoorTemperature,
        OUTDOOR_CO2_PPM,
        zone,
        occupancy);
  }

  /** With the outdoor CO2 level of the site (a city street is well above the global mean). */
  public ClassroomClimateModel(
      long seed,
      int students,
      double roomVolumeM3,
      double airChangesPerHour,
      double outdoorTemperature,
      double outdoorCo2Ppm,
      ZoneId zone,
      java.util.function.LongToIntFunction occupancy) {
    this.random = new Random(seed);
    this.outdoorCo2Ppm = outdoorCo2Ppm;
    this.co2Ppm = outdoorCo2Ppm + 30;
    this.students = students;
    this.roomVolumeM3 = roomVolumeM3;
    this.airChangesPerHour = airChangesPerHour;
    this.outdoorTemperature = outdoorTemperature;
    this.zone = zone;
    this.temperature = outdoorTemperature - 2;
    this.occupancy = occupancy == null ? this::timetableOccupants : occupancy;
  }

  public record Snapshot(
      double temperatureCelsius,
      double humidityPercent,
      double co2Ppm,
      double illuminanceLux,
      double noiseDb,
      int occupants) {}

  /** Advances the room to {@code epochMs} and returns what sensors would read there. */
  public Snapshot advance(long epochMs) {
    int occupants = occupantsAt(epochMs);
    double dtSeconds = lastEpochMs < 0 ? 60 : Math.max(0, (epochMs - lastEpochMs) / 1000.0);
    lastEpochMs = epochMs;

    // Single-zone mass balance: dC/dt = G/V - n (C - C_out), G in m3/s, n in 1/s.
    double n = airChangesPerHour / 3600.0;
    double generationPpm =
        occupants * CO2_LITRES_PER_SECOND_PER_PERSON / 1000.0 / roomVolumeM3 * 1e6;
    double steadyState = outdoorCo2Ppm + generationPpm / n;
    co2Ppm = steadyState + (co2Ppm - steadyState) * Math.exp(-n * dtSeconds);

    double targetTemperature = outdoorTemperature - 2 + occupants * 0.08;
    temperature += (targetTemperature - temperature) * (1 - Math.exp(-dtSeconds / 1800.0));

    double humidity = 68 + occupants * 0.1 + random.nextGaussian();
    double daylight = daylightLux(epochMs);
    double lamps = occupants > 0 ? 320 : 0;
    double noise = occupants > 0 ? 48 + 8 * random.nextDouble() : 32 + 2 * random.nextDouble();
    return new Snapshot(
        round(temperature + random.nextGaussian() * 0.05, 2),
        round(Math.min(99, Math.max(20, humidity)), 1),
        Math.round(co2Ppm + random.nextGaussian() * 5),
        Math.round(daylight + lamps),
        round(noise, 1),
        occupants);
  }

  /** People in the room at {@code epochMs}. */
  public int occupantsAt(long epochMs) {
    return occupancy.applyAsInt(epochMs);
  }

  /** Lessons 07:00-11:25 and 13:30-17:00 local time, Monday to Saturday, 5 min breaks. */
  private int timetableOccupants(long epochMs) {
    ZonedDateTime time = java.time.Instant.ofEpochMilli(epochMs).atZone(zone);
    if (time.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
      return 0;
    }
    LocalTime t = time.toLocalTime();
    boolean morning = !t.isBefore(LocalTime.of(7, 0)) && t.isBefore(LocalTime.of(11, 25));
    boolean afternoon = !t.isBefore(LocalTime.of(13, 30)) && t.isBefore(LocalTime.of(17, 0));
    if (!morning && !afternoon) {
      return 0;
    }
    int minuteOfPeriod = t.getMinute() % 50;
    return minuteOfPeriod < 45 ? students : students / 4;
  }

  private double daylightLux(long epochMs) {
    LocalTime t = java.time.Instant.ofEpochMilli(epochMs).atZone(zone).toLocalTime();
    double hour = t.toSecondOfDay() / 3600.0;
    if (hour < 6 || hour > 18) {
      return 0;
    }
    return 250 * Math.sin(Math.PI * (hour - 6) / 12);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
