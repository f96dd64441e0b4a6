package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.environment.LessonEnvironment;
import io.campusedge.hub.internal.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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

/** A school's classroom environment per lesson: every role, within its schools. */
@Controller("/api/v1/sites/{site}/environment")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class EnvironmentController {
  private final LessonEnvironment lessons;
  private final AttendanceConfig config;

  public EnvironmentController(LessonEnvironment lessons, AttendanceConfig config) {
    this.lessons = lessons;
    this.config = config;
  }

  /**
   * Each lesson's room environment (averages, extremes, minutes CO2 was above the act level,
   * comfort), summarised ten minutes after the lesson ends.
   *
   * @param date the school day (default: today in the schools' time zone)
   */
  @Get("/lessons")
  public List<LessonEnvironment.LessonSummary> lessons(
      @PathVariable String site, @QueryValue @Nullable String date, Authentication authentication) {
    Caller.of(authentication).requireSite(site);
    return lessons.onDay(site, day(date));
  }

  /** The same as CSV, one row per room and lesson: the environment report per room. */
  @Get(value = "/lessons.csv", produces = "text/csv")
  public HttpResponse<String> lessonsCsv(
      @PathVariable String site, @QueryValue @Nullable String date, Authentication authentication) {
    Caller.of(authentication).requireSite(site);
    LocalDate day = day(date);
    return CsvReport.of(
        "environment-" + site + "-" + day + ".csv",
        List.of(
            "date",
            "room",
            "classId",
            "start",
            "end",
            "measuredMinutes",
            "co2Avg",
            "co2Max",
            "co2MinutesAboveAct",
            "temperatureAvg",
            "temperatureMin",
            "temperatureMax",
            "humidityAvg",
            "illuminanceAvg",
            "noiseAvg",
            "comfort"),
        lessons.onDay(site, day),
        l ->
            java.util.Arrays.asList(
                l.date(),
                l.room(),
                l.classId(),
                l.start(),
                l.end(),
                l.measuredMinutes(),
                l.co2Avg(),
                l.co2Max(),
                l.co2MinutesAboveAct(),
                l.temperatureAvg(),
                l.temperatureMin(),
                l.temperatureMax(),
                l.humidityAvg(),
                l.illuminanceAvg(),
                l.noiseAvg(),
                l.comfort()));
  }

  private LocalDate day(String date) {
    try {
      return date == null || date.isBlank() ? LocalDate.now(config.zone()) : LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw RejectedException.invalid("date '" + date + "' is not a date like 2026-12-07");
    }
  }
}
