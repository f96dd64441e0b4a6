package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.alerts.Alert;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Alerts of the caller's schools that the caller's role handles (attendance: administrators;
 * facilities: administrators and technicians; labs: administrators and lab staff).
 */
@Controller("/api/v1/alerts")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertsController {
  private final Alerts alerts;

  /** An alert as the API shows it. */
  @Serdeable
  public record AlertView(
      long id,
      String site,
      @Nullable String room,
      String kind,
      String severity,
      String subject,
      String detail,
      int occurrences,
      String raisedAt,
      String lastSeenAt,
      String state,
      @Nullable String acknowledgedBy) {
    static AlertView of(Alert a) {
      return new AlertView(
          a.id(),
          a.site(),
          a.roomId().orElse(null),
          a.kind().name(),
          a.kind().severity().name(),
          a.subject(),
          a.detail(),
          a.occurrences(),
          a.raisedAt().toString(),
          a.lastSeenAt().toString(),
          a.state().name(),
          a.acknowledgedBy().orElse(null));
    }
  }

  public AlertsController(Alerts alerts) {
    this.alerts = alerts;
  }

  /**
   * @param site school code; 403 if outside the caller's schools
   * @param state OPEN, ACKNOWLEDGED or CLEARED
   * @param limit at most this many (1-1000, default 200), newest first
   */
  @Get
  public List<AlertView> list(
      @QueryValue @Nullable String site,
      @QueryValue @Nullable String state,
      @QueryValue @Nullable Integer limit,
      Authentication authentication) {
    int max = limit == null ? 200 : limit;
    if (max < 1 || max > 1000) {
      throw RejectedException.invalid("limit " + max + " is not within 1-1000");
    }
    return alerts
        .list(Caller.of(authentication), Optional.ofNullable(site), state(state), max)
        .stream()
        .map(AlertView::of)
        .toList();
  }

  @Post("/{id}/acknowledge")
  public AlertView acknowledge(@PathVariable long id, Authentication authentication) {
    return AlertView.of(alerts.acknowledge(Caller.of(authentication), id));
  }

  @Post("/{id}/clear")
  public AlertView clear(@PathVariable long id, Authentication authentication) {
    return AlertView.of(alerts.clear(Caller.of(authentication), id));
  }

  private static Optional<Alert.State> state(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Alert.State.valueOf(text.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw RejectedException.invalid("state '" + text + "' is not OPEN, ACKNOWLEDGED or CLEARED");
    }
  }
}
