package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.attendance.Attendance;
import io.campusedge.hub.internal.attendance.CardEnrolment;
import io.campusedge.hub.internal.attendance.Cards;
import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.attendance.SchoolImports;
import io.campusedge.hub.internal.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A school's roster, timetable, attendance cards and attendance. Imports and cards: the school's
 * administrators. Attendance: administrators for the whole school, teachers for the classes they
 * teach (their login name is their OneRoster username).
 */
@Controller("/api/v1/sites/{site}")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SchoolController {
  private final SchoolImports imports;
  private final Cards cards;
  private final Attendance attendance;

  /** Puts a reader in enrolment mode for a user of the roster. */
  @Serdeable
  public record EnrolmentRequest(@Nullable String readerId, @Nullable String userId) {}

  /** A correction: PRESENT, LATE, ABSENT or EXCUSED, and why. */
  @Serdeable
  public record CorrectionRequest(@Nullable String status, @Nullable String reason) {}

  /** A card enrolment as the API shows it; {@code state} EXPIRED once past {@code expiresAt}. */
  @Serdeable
  public record EnrolmentView(
      String id,
      String site,
      String readerId,
      String userId,
      String state,
      @Nullable String outcome,
      String requestedBy,
      String expiresAt) {
    static EnrolmentView of(CardEnrolment e) {
      return new EnrolmentView(
          e.id(),
          e.site(),
          e.readerId(),
          e.userId(),
          e.stateAt(java.time.Instant.now()).name(),
          e.outcome().orElse(null),
          e.requestedBy(),
          e.expiresAt().toString());
    }
  }

  public SchoolController(SchoolImports imports, Cards cards, Attendance attendance) {
    this.imports = imports;
    this.cards = cards;
    this.attendance = attendance;
  }

  /**
   * Replaces the school's roster with a OneRoster 1.2 bulk CSV set (a ZIP of manifest.csv,
   * orgs.csv, academicSessions.csv, courses.csv, classes.csv, users.csv, roles.csv,
   * enrollments.csv). All or nothing: any problem answers 400 with every problem's file and line.
   */
  @Post(value = "/roster", consumes = "application/zip")
  public SchoolImports.RosterSummary importRoster(
      @PathVariable String site, @Body byte[] zip, Authentication authentication) {
    return imports.importRoster(Caller.of(authentication), site, zip);
  }

  /**
   * Replaces the school's timetable with a CSV: classSourcedId,room,weekday,startTime,endTime
   * [,termSourcedId][,entryId]. All or nothing.
   */
  @Put(
      value = "/timetable",
      consumes = {"text/csv", MediaType.TEXT_PLAIN})
  public SchoolImports.TimetableSummary importTimetable(
      @PathVariable String site, @Body byte[] csv, Authentication authentication) {
    return imports.importTimetable(Caller.of(authentication), site, csv);
  }

  /** Puts a reader in enrolment mode: the next card tapped there is registered to the user. */
  @Post("/card-enrolments")
  @Consumes(MediaType.APPLICATION_JSON)
  public HttpResponse<EnrolmentView> requestEnrolment(
      @PathVariable String site, @Body EnrolmentRequest request, Authentication authentication) {
    return HttpResponse.created(
        EnrolmentView.of(
            cards.requestEnrolment(
                Caller.of(authentication), site, request.readerId(), request.userId())));
  }

  @Get("/card-enrolments/{id}")
  public EnrolmentView enrolment(
      @PathVariable String site, @PathVariable String id, Authentication authentication) {
    return EnrolmentView.of(cards.enrolment(Caller.of(authentication), site, id));
  }

  /**
   * Registers cards from a CSV {@code userSourcedId,uid} (UIDs in hex, as a card supplier lists
   * them); the hub keeps only each card's reference under the school's key. All or nothing.
   */
  @Post(
      value = "/cards",
      consumes = {"text/csv", MediaType.TEXT_PLAIN})
  public Cards.UidRegistration registerUids(
      @PathVariable String site, @Body byte[] csv, Authentication authentication) {
    return cards.registerUids(Caller.of(authentication), site, csv);
  }

  /** Registered cards (a short prefix of the reference only), optionally of one user. */
  @Get("/cards")
  public List<Cards.RegisteredCard> cards(
      @PathVariable String site, @QueryValue @Nullable String user, Authentication authentication) {
    return cards.cards(Caller.of(authentication), site, Optional.ofNullable(user));
  }

  /** Unregisters every card of a user (lost card, left the school). */
  @Delete("/cards/{userId}")
  public Map<String, Integer> unregister(
      @PathVariable String site, @PathVariable String userId, Authentication authentication) {
    return Map.of("unregistered", cards.unregister(Caller.of(authentication), site, userId));
  }

  /** The lessons of a day with present, late, absent and not-yet-marked counts. */
  @Get("/attendance/sessions")
  public List<Attendance.SessionView> sessions(
      @PathVariable String site, @QueryValue @Nullable String date, Authentication authentication) {
    return attendance.sessions(Caller.of(authentication), site, day(date));
  }

  /** A lesson's class list with each student's mark. */
  @Get("/attendance/sessions/{entryId}/{date}")
  public Attendance.ClassList classList(
      @PathVariable String site,
      @PathVariable String entryId,
      @PathVariable String date,
      Authentication authentication) {
    return attendance.classList(Caller.of(authentication), site, entryId, day(date));
  }

  /** Corrects one student's mark with a reason; refused on a closed day (409). */
  @Put("/attendance/sessions/{entryId}/{date}/marks/{userId}")
  public Attendance.StudentMark correct(
      @PathVariable String site,
      @PathVariable String entryId,
      @PathVariable String date,
      @PathVariable String userId,
      @Body CorrectionRequest request,
      Authentication authentication) {
    return attendance.correct(
        Caller.of(authentication),
        site,
        entryId,
        day(date),
        userId,
        request.status(),
        request.reason());
  }

  /** Each student's day: lessons, present, late, absent, excused and a summary status. */
  @Get("/attendance/daily")
  public List<Attendance.DailyAttendance> daily(
      @PathVariable String site, @QueryValue @Nullable String date, Authentication authentication) {
    return attendance.daily(Caller.of(authentication), site, day(date));
  }

  /** The day's lessons as CSV, one row per class and lesson: the class report. */
  @Get(value = "/attendance/sessions.csv", produces = "text/csv")
  public HttpResponse<String> sessionsCsv(
      @PathVariable String site, @QueryValue @Nullable String date, Authentication authentication) {
    LocalDate day = day(date);
    return CsvReport.of(
        "attendance-classes-" + site + "-" + day + ".csv",
        List.of(
            "date",
            "classId",
            "classTitle",
            "room",
            "start",
            "end",
            "students",
            "present",
            "late",
            "absent",
            "excused",
            "unmarked",
            "closed"),
        attendance.sessions(Caller.of(authentication), site, day),
        s ->
            java.util.Arrays.asList(
                s.date(),
                s.classId(),
                s.classTitle(),
                s.room(),
                s.start(),
                s.end(),
                s.students(),
                s.present(),
                s.late(),
                s.absent(),
                s.excused(),
                s.unmarked(),
                s.closed()));
  }

  /** Each student's day as CSV: the school's daily attendance report. */
  @Get(value = "/attendance/daily.csv", produces = "text/csv")
  public HttpResponse<String> dailyCsv(
      @PathVariable String site, @QueryValue @Nullable String date, Authentication authentication) {
    LocalDate day = day(date);
    return CsvReport.of(
        "attendance-daily-" + site + "-" + day + ".csv",
        List.of(
            "date",
            "userId",
            "familyName",
            "givenName",
            "lessons",
            "present",
            "late",
            "absent",
            "excused",
            "status"),
        attendance.daily(Caller.of(authentication), site, day),
        d ->
            java.util.Arrays.asList(
                day,
                d.userId(),
                d.familyName(),
                d.givenName(),
                d.lessons(),
                d.present(),
                d.late(),
                d.absent(),
                d.excused(),
                d.status()));
  }

  /** Closes a day's attendance (administrators): no more changes. */
  @Post("/attendance/days/{date}/lock")
  public HttpResponse<Void> lockDay(
      @PathVariable String site, @PathVariable String date, Authentication authentication) {
    attendance.lockDay(Caller.of(authentication), site, day(date));
    return HttpResponse.noContent();
  }

  private LocalDate day(String text) {
    if (text == null || text.isBlank()) {
      return attendance.today();
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw RejectedException.invalid("date '" + text + "' is not a date like 2026-12-07");
    }
  }
}
