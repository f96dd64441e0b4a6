package io.campusedge.hub.internal.export;

import io.campusedge.hub.internal.store.Sql;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Attendance as Ed-Fi ODS/API resources (Ed-Fi Data Standard v5, Student Attendance domain): a
 * lesson mark is a {@code studentSectionAttendanceEvents} upsert, a closed day one {@code
 * studentSchoolAttendanceEvents} upsert per student. The ODS/API upserts a POST by the resource's
 * natural key, so a retried or replayed event updates the same resource. The key includes the
 * category descriptor, so a corrected mark also deletes the resource of its previous category.
 */
final class EdFiConnector {
  /**
   * The namespace of the Ed-Fi Data Standard's default AttendanceEventCategoryDescriptor values
   * (Ed-Fi-Data-Standard, Descriptors/AttendanceEventCategoryDescriptor.xml: In Attendance, Excused
   * Absence, Unexcused Absence, Tardy, Early departure, Partial).
   */
  static final String CATEGORY = "uri://ed-fi.org/AttendanceEventCategoryDescriptor#";

  static final String SECTION_EVENTS = "/ed-fi/studentSectionAttendanceEvents";
  static final String SCHOOL_EVENTS = "/ed-fi/studentSchoolAttendanceEvents";

  private final OAuthClientCredentials oauth;
  private final JsonMapper json;
  private final DataSource dataSource;
  private final StudentDays studentDays;
  private final Backoff backoff;
  private final Clock clock;
  private final Duration timeout;

  EdFiConnector(
      OAuthClientCredentials oauth,
      JsonMapper json,
      DataSource dataSource,
      StudentDays studentDays,
      Backoff backoff,
      Clock clock,
      Duration timeout) {
    this.oauth = oauth;
    this.json = json;
    this.dataSource = dataSource;
    this.studentDays = studentDays;
    this.backoff = backoff;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** The Ed-Fi category of a hub mark or daily status; empty for NOT_YET (nothing to say). */
  static Optional<String> category(String status) {
    return switch (status) {
      case "PRESENT" -> Optional.of(CATEGORY + "In Attendance");
      case "PARTIAL" -> Optional.of(CATEGORY + "Partial"); // a closed day with some lessons missed
      case "LATE" -> Optional.of(CATEGORY + "Tardy");
      case "ABSENT" -> Optional.of(CATEGORY + "Unexcused Absence");
      case "EXCUSED" -> Optional.of(CATEGORY + "Excused Absence");
      default -> Optional.empty();
    };
  }

  Outcome send(Destination destination, ExportEvent event) {
    try {
      return switch (event.type()) {
        case ATTENDANCE_MARKED, ATTENDANCE_CORRECTED -> sectionEvent(destination, event);
        case ATTENDANCE_DAY_CLOSED -> schoolEvents(destination, event);
        default ->
            Outcome.Delivered.rejected(
                Optional.empty(), "not sent: Ed-Fi takes no " + event.type().filterName());
      };
    } catch (OAuthClientCredentials.TokenRefused e) {
      return e.outcome();
    } catch (HttpTimeoutException e) {
      return Outcome.Failed.of("no answer within a timeout");
    } catch (IOException e) {
      return Outcome.Failed.of(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.Failed.of("interrupted");
    } catch (NoSuchElementException | IllegalArgumentException e) {
      // An event without its date or class, or settings without the school: no retry mends it.
      return Outcome.Delivered.rejected(
          Optional.empty(), "not sent: the event or the destination lacks a field (" + e + ")");
    } catch (RuntimeException e) {
      return Outcome.Failed.of(e.toString()); // e.g. the database, while reading the day
    }
  }

  private Outcome sectionEvent(Destination destination, ExportEvent event)
      throws IOException, InterruptedException, OAuthClientCredentials.TokenRefused {
    Optional<String> learnerId = event.text("learnerId");
    if (learnerId.isEmpty()) {
      return Outcome.Delivered.rejected(
          Optional.empty(),
          "not sent: the roster has no national learner id for user "
              + event.text("userId").orElse("?"));
    }
    Optional<String> category = category(event.text("status").orElse(""));
    if (category.isEmpty()) {
      return Outcome.Delivered.rejected(
          Optional.empty(), "not sent: no Ed-Fi category for " + event.text("status"));
    }
    String classId = event.text("classId").orElseThrow();
    Map<String, Object> section = sectionReference(destination, event.site(), classId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attendanceEventCategoryDescriptor", category.get());
    body.put("eventDate", event.text("date").orElseThrow());
    body.put("sectionReference", section);
    body.put("studentReference", Map.of("studentUniqueId", learnerId.get()));
    HttpResponse<String> response = post(destination, SECTION_EVENTS, body);
    Outcome outcome = outcome(response);
    Optional<String> previous = event.text("previousStatus").flatMap(EdFiConnector::category);
    if (outcome instanceof Outcome.Delivered delivered
        && delivered.answer().orElse("").equals(Outcome.ACCEPTED)
        && previous.isPresent()
        && !previous.equals(category)) {
      Map<String, Object> key = new LinkedHashMap<>(section);
      key.put("attendanceEventCategoryDescriptor", previous.get());
      key.put("eventDate", body.get("eventDate"));
      key.put("studentUniqueId", learnerId.get());
      Optional<Outcome> failed = deleteWhere(destination, SECTION_EVENTS, key);
      if (failed.isPresent()) {
        return failed.get();
      }
    }
    return outcome;
  }

  private Outcome schoolEvents(Destination destination, ExportEvent event)
      throws IOException, InterruptedException, OAuthClientCredentials.TokenRefused {
    DestinationSettings settings = destination.settings();
    long schoolId = settings.schoolId().orElseThrow();
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("schoolId", schoolId);
    session.put("schoolYear", settings.schoolYear().orElseThrow());
    session.put("sessionName", settings.sessionName().orElseThrow());
    LocalDate date = LocalDate.parse(event.text("date").orElseThrow());
    List<String> rejected = new ArrayList<>();
    int sent = 0;
    for (StudentDays.StudentDay day : studentDays.on(event.site(), date)) {
      Optional<String> category = category(day.status());
      if (category.isEmpty()) {
        continue;
      }
      if (day.learnerId().isEmpty()) {
        rejected.add(day.userId() + ": no national learner id in the roster");
        continue;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("attendanceEventCategoryDescriptor", category.get());
      body.put("eventDate", date.toString());
      body.put("schoolReference", Map.of("schoolId", schoolId));
      body.put("sessionReference", session);
      body.put("studentReference", Map.of("studentUniqueId", day.learnerId().get()));
      Outcome outcome = outcome(post(destination, SCHOOL_EVENTS, body));
      if (outcome instanceof Outcome.Failed) {
        return outcome; // the whole day again later; the upserts already made are harmless
      }
      Outcome.Delivered delivered = (Outcome.Delivered) outcome;
      if (delivered.answer().orElse("").equals(Outcome.REJECTED)) {
        rejected.add(day.learnerId().get() + ": " + delivered.reason().orElse(""));
      }
      sent++;
    }
    if (!rejected.isEmpty()) {
      return Outcome.Delivered.rejected(
          Optional.empty(),
          rejected.size()
              + " student(s) not taken ("
              + sent
              + " sent): "
              + String.join("; ", rejected));
    }
    return Outcome.Delivered.accepted(200);
  }

  private Map<String, Object> sectionReference(
      Destination destination, String site, String classId) {
    DestinationSettings settings = destination.settings();
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("localCourseCode", courseCode(site, classId).orElse(classId));
    section.put("schoolId", settings.schoolId().orElseThrow());
    section.put("schoolYear", settings.schoolYear().orElseThrow());
    section.put("sectionIdentifier", classId);
    section.put("sessionName", settings.sessionName().orElseThrow());
    return section;
  }

  // The roster's class code stands for the course; without one the class id does.
  private Optional<String> courseCode(String site, String classId) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT class_code FROM roster_class WHERE site = ? AND sourced_id = ?")) {
            select.setString(1, site);
            select.setString(2, classId);
            try (ResultSet row = select.executeQuery()) {
              return row.next()
                  ? Optional.ofNullable(row.getString(1)).filter(c -> !c.isBlank())
                  : Optional.<String>empty();
            }
          }
        });
  }

  private HttpResponse<String> post(Destination destination, String path, Map<String, Object> body)
      throws IOException, InterruptedException, OAuthClientCredentials.TokenRefused {
    byte[] bytes = json.writeValueAsBytes(body);
    URI uri = resource(destination, path);
    return oauth.send(
        destination,
        token ->
            authorized(HttpRequest.newBuilder(uri), token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build());
  }

  // Finds the resources with this natural key (GET by example) and deletes each; a failure of
  // either step is the delivery's failure, so it is tried again.
  private Optional<Outcome> deleteWhere(
      Destination destination, String path, Map<String, Object> key)
      throws IOException, InterruptedException, OAuthClientCredentials.TokenRefused {
    StringBuilder query = new StringBuilder();
    key.forEach(
        (name, value) ->
            query
                .append(query.length() == 0 ? "?" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)));
    URI found = URI.create(resource(destination, path) + query.toString());
    HttpResponse<String> response =
        oauth.send(
            destination, token -> authorized(HttpRequest.newBuilder(found), token).GET().build());
    if (response.statusCode() != 200) {
      return Optional.of(failed(response));
    }
    for (Object item : json.readValue(response.body(), Argument.listOf(Map.class))) {
      Object id = item instanceof Map<?, ?> map ? map.get("id") : null;
      if (id == null) {
        continue;
      }
      URI one =
          resource(
              destination, path + "/" + URLEncoder.encode(id.toString(), StandardCharsets.UTF_8));
      HttpResponse<String> deleted =
          oauth.send(
              destination,
              token -> authorized(HttpRequest.newBuilder(one), token).DELETE().build());
      if (deleted.statusCode() != 204
          && deleted.statusCode() != 200
          && deleted.statusCode() != 404) {
        return Optional.of(failed(deleted));
      }
    }
    return Optional.empty();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
    builder
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("User-Agent", "CampusEdge-Hub");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static URI resource(Destination destination, String path) {
    String base = destination.url().toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  // 200 updated, 201 created (upsert); 400 the ODS/API refuses the data itself: recorded, not
  // tried again; anything else (401 after a new token, 403, 409 a missing reference, 5xx) again.
  private Outcome outcome(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Outcome.Delivered.accepted(status);
    }
    if (status == 400) {
      return Outcome.Delivered.rejected(Optional.of(400), excerpt(response.body()));
    }
    return failed(response);
  }

  private Outcome.Failed failed(HttpResponse<String> response) {
    int status = response.statusCode();
    Optional<Duration> asked =
        status == 429 || status == 503
            ? backoff.retryAfter(
                response.headers().firstValue("Retry-After").orElse(null), clock.instant())
            : Optional.empty();
    return new Outcome.Failed(
        Optional.of(status), "HTTP " + status + " " + excerpt(response.body()), asked);
  }

  private static String excerpt(String body) {
    String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return text.length() > 300 ? text.substring(0, 299) + "…" : text;
  }
}
