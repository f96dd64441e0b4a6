package io.campusedge.hub.internal.environment;

import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.store.MetricValue;
import io.campusedge.hub.internal.store.ReadingQuality;
import io.campusedge.hub.internal.store.StoredReading;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A room's comfort from its latest values: per metric GOOD, FAIR or POOR against the configured
 * bands, and the room's overall status as its worst metric. Values of quality BAD count as unknown.
 */
public final class Comfort {
  /** Ordered from best to worst. */
  public enum Level {
    GOOD,
    FAIR,
    POOR
  }

  /** The room's status and the metric statuses it comes from; UNKNOWN without usable values. */
  public record RoomComfort(String status, Map<String, Level> metrics) {}

  private Comfort() {}

  public static RoomComfort of(Map<String, StoredReading> latest, EnvironmentConfig config) {
    Map<String, Level> levels = new TreeMap<>();
    // "occupied" from a PIR sensor's driver, "occupancy" from people counters.
    Optional<Boolean> occupied =
        flag(latest.get("occupied")).or(() -> flag(latest.get("occupancy")));
    number(latest.get("co2")).ifPresent(v -> levels.put("co2", co2(v, config)));
    number(latest.get("temperature"))
        .ifPresent(v -> levels.put("temperature", temperature(v, config)));
    number(latest.get("humidity")).ifPresent(v -> levels.put("humidity", humidity(v, config)));
    if (occupied.orElse(false)) {
      number(latest.get("illuminance")).ifPresent(v -> levels.put("illuminance", light(v, config)));
    } else if (occupied.isPresent()) {
      number(latest.get("noise")).ifPresent(v -> levels.put("noise", emptyRoomNoise(v, config)));
    }
    String status = levels.values().stream().max(Enum::compareTo).map(Enum::name).orElse("UNKNOWN");
    return new RoomComfort(status, levels);
  }

  public static Level co2(double ppm, EnvironmentConfig c) {
    return ppm <= c.co2Good() ? Level.GOOD : ppm <= c.co2Act() ? Level.FAIR : Level.POOR;
  }

  public static Level temperature(double celsius, EnvironmentConfig c) {
    if (celsius >= c.temperatureMin() && celsius <= c.temperatureMax()) {
      return Level.GOOD;
    }
    double margin = c.temperatureAlertMargin();
    return celsius >= c.temperatureMin() - margin && celsius <= c.temperatureMax() + margin
        ? Level.FAIR
        : Level.POOR;
  }

  public static Level humidity(double percent, EnvironmentConfig c) {
    if (percent >= c.humidityMin() && percent <= c.humidityMax()) {
      return Level.GOOD;
    }
    return percent >= c.humidityMin() - 5 && percent <= c.humidityMax() + 5
        ? Level.FAIR
        : Level.POOR;
  }

  public static Level light(double lux, EnvironmentConfig c) {
    return lux >= c.illuminanceMin()
        ? Level.GOOD
        : lux >= c.illuminanceMin() * 2 / 3 ? Level.FAIR : Level.POOR;
  }

  static Level emptyRoomNoise(double dba, EnvironmentConfig c) {
    return dba <= c.noiseEmptyMax()
        ? Level.GOOD
        : dba <= c.noiseEmptyMax() + c.noiseAlertMargin() ? Level.FAIR : Level.POOR;
  }

  static Optional<Double> number(StoredReading reading) {
    if (reading == null || reading.quality() == ReadingQuality.BAD) {
      return Optional.empty();
    }
    if (reading.value() instanceof MetricValue.Decimal d) {
      return Optional.of(d.value());
    }
    if (reading.value() instanceof MetricValue.WholeNumber n) {
      return Optional.of((double) n.value());
    }
    return Optional.empty();
  }

  static Optional<Boolean> flag(StoredReading reading) {
    if (reading == null || reading.quality() == ReadingQuality.BAD) {
      return Optional.empty();
    }
    if (reading.value() instanceof MetricValue.Flag f) {
      return Optional.of(f.value());
    }
    return number(reading).map(v -> v > 0);
  }
}
