package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.history.CsvHistoryStream;
import io.campusedge.hub.internal.history.HistoryCursor;
import io.campusedge.hub.internal.history.HistoryPoint;
import io.campusedge.hub.internal.history.InvalidQueryException;
import io.campusedge.hub.internal.history.ReadingHistory;
import io.campusedge.hub.internal.history.ReadingQuery;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Readings history: JSON (bounded by {@code limit}) or a CSV download streamed from the database.
 * {@code from} is inclusive, {@code to} exclusive, both ISO-8601 instants; at most 7 days for raw,
 * 31 for 1m, 400 for 1h. Admins, teachers and lab staff, within their schools (not technicians).
 */
@Controller("/api/v1")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME, Role.TEACHER_NAME, Role.LAB_STAFF_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReadingsController {
  static final int DEFAULT_LIMIT = 10_000;
  static final int MAX_LIMIT = 100_000;
  private static final MediaType CSV = MediaType.of("text/csv; charset=utf-8");

  private final ReadingHistory history;

  public ReadingsController(ReadingHistory history) {
    this.history = history;
  }

  /**
   * Readings of a room or device between {@code from} and {@code to}.
   *
   * @param site school code, narrows {@code room}
   * @param room room id; readings of the devices in it
   * @param device device id
   * @param metric metric name, e.g. temperature or co2
   * @param from start, inclusive, e.g. 2026-03-02T00:00:00Z
   * @param to end, exclusive
   * @param resolution raw (default), 1m or 1h
   * @param limit most points returned (default 10000, at most 100000)
   */
  @Get("/readings")
  @ApiResponse(responseCode = "200", description = "points in time order")
  @ApiResponse(
      responseCode = "400",
      description = "a parameter is missing or invalid; the body names it",
      content = @Content(schema = @Schema(implementation = QueryErrorView.class)))
  public ReadingsView readings(
      @QueryValue @Nullable String site,
      @QueryValue @Nullable String room,
      @QueryValue @Nullable String device,
      @QueryValue @Nullable String metric,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue @Nullable String resolution,
      @QueryValue @Nullable String limit,
      Authentication authentication) {
    ReadingQuery query =
        scoped(
            ReadingQuery.parse(site, room, device, metric, from, to, resolution), authentication);
    int maxPoints = limit(limit);
    List<ReadingPointView> points = new ArrayList<>();
    boolean truncated = false;
    try (HistoryCursor cursor = history.open(query)) {
      Optional<HistoryPoint> point;
      while ((point = cursor.next()).isPresent()) {
        if (points.size() == maxPoints) {
          truncated = true;
          break;
        }
        points.add(ReadingPointView.of(point.get()));
      }
    }
    return new ReadingsView(
        query.from().toString(),
        query.to().toString(),
        query.resolution().key(),
        truncated,
        points);
  }

  /** The same filters as {@code /readings}, as a CSV file with a header row and units. */
  @Get(value = "/readings.csv", produces = "text/csv")
  @ApiResponse(responseCode = "200", description = "CSV, UTF-8, header row, times in UTC")
  @ApiResponse(
      responseCode = "400",
      description = "a parameter is missing or invalid; the JSON body names it",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = QueryErrorView.class)))
  public HttpResponse<StreamedFile> readingsCsv(
      @QueryValue @Nullable String site,
      @QueryValue @Nullable String room,
      @QueryValue @Nullable String device,
      @QueryValue @Nullable String metric,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue @Nullable String resolution,
      Authentication authentication) {
    ReadingQuery query =
        scoped(
            ReadingQuery.parse(site, room, device, metric, from, to, resolution), authentication);
    CsvHistoryStream csv = new CsvHistoryStream(history.open(query));
    String name =
        "readings-"
            + query.room().or(query::device).orElse("all")
            + "-"
            + query.resolution().key()
            + ".csv";
    return HttpResponse.ok(new StreamedFile(csv, CSV))
        .header("Content-Disposition", "attachment; filename=\"" + safeFileName(name) + "\"");
  }

  // An explicit site outside the caller's schools is refused; otherwise the query stays inside.
  private static ReadingQuery scoped(ReadingQuery query, Authentication authentication) {
    Caller caller = Caller.of(authentication);
    query.site().ifPresent(caller::requireSite);
    return caller.siteLimit().map(query::within).orElse(query);
  }

  private static int limit(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidQueryException(
        "limit", value, "limit must be a whole number from 1 to " + MAX_LIMIT);
  }

  private static String safeFileName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
