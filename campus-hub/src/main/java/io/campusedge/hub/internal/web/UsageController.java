package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.usage.DisplayUsageReport;
import io.campusedge.hub.internal.usage.RoomOccupancyReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Utilisation reports of a school: every role, within its schools. */
@Controller("/api/v1/sites/{site}/usage")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class UsageController {
  private final DisplayUsageReport displays;
  private final RoomOccupancyReport rooms;

  public UsageController(DisplayUsageReport displays, RoomOccupancyReport rooms) {
    this.displays = displays;
    this.rooms = rooms;
  }

  /**
   * Smart boards and projectors: hours in use, sessions, input changes and the share of timetabled
   * lesson time they were on, per room and display.
   *
   * @param from first day (default: 6 days before {@code to})
   * @param to last day, inclusive (default: today)
   * @param by {@code day} (default) or {@code week} (ISO weeks)
   */
  @Get("/displays")
  public List<DisplayUsageReport.DisplayUsage> displays(
      @PathVariable String site,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue @Nullable String by,
      Authentication authentication) {
    LocalDate[] days = range(from, to);
    return displays.report(Caller.of(authentication), site, days[0], days[1], weekly(by));
  }

  /**
   * Rooms against the timetable: timetabled lesson hours, lessons held and those during which the
   * room stayed empty, hours the occupancy sensors covered and saw people, inside and outside
   * lessons, and the share of measured lesson time the room was occupied.
   *
   * @param from first day (default: 6 days before {@code to}); at most 31 days per report
   * @param to last day, inclusive (default: today)
   * @param by {@code day} (default) or {@code week} (ISO weeks)
   */
  @Get("/rooms")
  public List<RoomOccupancyReport.RoomOccupancy> rooms(
      @PathVariable String site,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue @Nullable String by,
      Authentication authentication) {
    LocalDate[] days = range(from, to);
    return rooms.report(Caller.of(authentication), site, days[0], days[1], weekly(by));
  }

  /** First and last day: {@code to} defaults to today, {@code from} to six days before it. */
  private static LocalDate[] range(String from, String to) {
    LocalDate last = to == null || to.isBlank() ? LocalDate.now() : date("to", to);
    LocalDate first = from == null || from.isBlank() ? last.minusDays(6) : date("from", from);
    return new LocalDate[] {first, last};
  }

  private static boolean weekly(String by) {
    boolean weekly = "week".equalsIgnoreCase(by);
    if (by != null && !by.isBlank() && !weekly && !"day".equalsIgnoreCase(by)) {
      throw RejectedException.invalid("by '" + by + "' is not day or week");
    }
    return weekly;
  }

  private static LocalDate date(String name, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw RejectedException.invalid(name + " '" + text + "' is not a date like 2026-12-07");
    }
  }
}
