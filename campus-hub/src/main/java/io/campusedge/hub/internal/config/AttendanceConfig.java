package io.campusedge.hub.internal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * {@code campusedge.attendance}: the schools' time zone (timetables are local times), how long
 * after a lesson starts a tap still counts as present ({@code grace}; later is late), how early a
 * tap counts for the coming lesson ({@code early-window}), how long a reader waits in
 * card-enrolment mode, after how many days a day's marks lock, how often ended lessons are closed
 * (the rest marked absent) and how many past days that catches up after a hub outage.
 */
@ConfigurationProperties("campusedge.attendance")
public record AttendanceConfig(
    @Bindable(defaultValue = "Asia/Ho_Chi_Minh") @NotNull String timezone,
    @Bindable(defaultValue = "5m") @NotNull Duration grace,
    @Bindable(defaultValue = "15m") @NotNull Duration earlyWindow,
    @Bindable(defaultValue = "2m") @NotNull Duration enrolmentTimeout,
    @Bindable(defaultValue = "7") @Min(0) @Max(366) int correctionDays,
    @Bindable(defaultValue = "1m") @NotNull Duration closeInterval,
    @Bindable(defaultValue = "7") @Min(0) @Max(60) int catchUpDays) {

  public AttendanceConfig {
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "campusedge.attendance.timezone '"
                + timezone
                + "' is not a time zone id (e.g. Asia/Ho_Chi_Minh): "
                + e.getMessage());
      }
    }
    if (closeInterval != null && closeInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "campusedge.attendance.close-interval is " + closeInterval + "; use at least 1s");
    }
  }

  /** The defaults, for tests. */
  public static AttendanceConfig defaults() {
    return new AttendanceConfig(
        "Asia/Ho_Chi_Minh",
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofMinutes(2),
        7,
        Duration.ofMinutes(1),
        7);
  }

  public ZoneId zone() {
    return ZoneId.of(timezone);
  }
}
