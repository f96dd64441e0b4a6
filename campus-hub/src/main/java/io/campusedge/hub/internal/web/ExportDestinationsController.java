package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.export.DestinationKind;
import io.campusedge.hub.internal.export.DestinationSettings;
import io.campusedge.hub.internal.export.ExportDestinations;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.WebhookSubscription;
import io.campusedge.hub.internal.export.WebhookSubscriptions;
import io.campusedge.hub.internal.facilities.FacilitySnapshot;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Export destinations of every kind (docs/integrator-guide-edfi.md,
 * docs/integrator-guide-sector-feed.md): create an Ed-Fi connector or a sector feed, list all
 * kinds, disable, status, reconciliation report as CSV, a facilities snapshot. Dead deliveries and
 * replay are the webhook endpoints' ({@code /api/v1/webhooks/{id}/dead}, {@code /replay}), which
 * take any destination id.
 */
@Controller("/api/v1/export/destinations")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExportDestinationsController {
  private static final MediaType CSV = MediaType.of("text/csv; charset=utf-8");

  private final ExportDestinations destinations;
  private final WebhookSubscriptions subscriptions;
  private final FacilitySnapshot snapshot;

  /** {@code clientSecret} is sealed at once and never shown again. */
  @Serdeable
  public record DestinationRequest(
      @Nullable String kind,
      @Nullable String site,
      @Nullable String url,
      @Nullable List<String> eventTypes,
      @Nullable String description,
      @Nullable String tokenUrl,
      @Nullable String clientId,
      @Nullable String clientSecret,
      @Nullable Long schoolId,
      @Nullable Integer schoolYear,
      @Nullable String sessionName) {
    @Override
    public String toString() {
      return "DestinationRequest[" + kind + ", " + site + ", " + url + ", clientSecret=***]";
    }
  }

  @Serdeable
  public record DestinationView(
      String id,
      String kind,
      @Nullable String site,
      String url,
      List<String> eventTypes,
      @Nullable String description,
      boolean enabled,
      String createdBy,
      String createdAt,
      @Nullable String tokenUrl,
      @Nullable String clientId,
      @Nullable Long schoolId,
      @Nullable Integer schoolYear,
      @Nullable String sessionName) {
    static DestinationView of(WebhookSubscription s) {
      DestinationSettings settings = s.settings();
      return new DestinationView(
          s.id(),
          s.kind().name(),
          s.site().orElse(null),
          s.url(),
          s.eventTypes().stream().map(ExportEventType::filterName).toList(),
          s.description().orElse(null),
          s.enabled(),
          s.createdBy(),
          s.createdAt().toString(),
          settings.tokenUrl().orElse(null),
          settings.clientId().orElse(null),
          settings.schoolId().orElse(null),
          settings.schoolYear().orElse(null),
          settings.sessionName().orElse(null));
    }
  }

  @Serdeable
  public record StatusView(
      String id,
      long pending,
      long failing,
      long sent,
      long accepted,
      long rejected,
      long dead,
      long lagSeconds) {}

  public ExportDestinationsController(
      ExportDestinations destinations,
      WebhookSubscriptions subscriptions,
      FacilitySnapshot snapshot) {
    this.destinations = destinations;
    this.subscriptions = subscriptions;
    this.snapshot = snapshot;
  }

  @Post
  public HttpResponse<DestinationView> create(
      @Body DestinationRequest request, Authentication authentication) {
    WebhookSubscription created =
        destinations.create(
            Caller.of(authentication),
            new ExportDestinations.Request(
                kind(request.kind()),
                text(request.site()),
                request.url(),
                request.eventTypes() == null ? List.of() : request.eventTypes(),
                text(request.description()),
                new DestinationSettings(
                    text(request.tokenUrl()),
                    text(request.clientId()),
                    Optional.ofNullable(request.schoolId()),
                    Optional.ofNullable(request.schoolYear()),
                    text(request.sessionName())),
                text(request.clientSecret())));
    return HttpResponse.created(DestinationView.of(created));
  }

  @Get
  public List<DestinationView> list(Authentication authentication) {
    return subscriptions.list(Caller.of(authentication)).stream().map(DestinationView::of).toList();
  }

  @Get("/{id}")
  public DestinationView get(@PathVariable String id, Authentication authentication) {
    return DestinationView.of(subscriptions.get(Caller.of(authentication), id));
  }

  /** Disables it: nothing more is queued or sent; kept for its status and report. */
  @Delete("/{id}")
  public DestinationView disable(@PathVariable String id, Authentication authentication) {
    return DestinationView.of(subscriptions.disable(Caller.of(authentication), id));
  }

  @Get("/{id}/status")
  public StatusView status(@PathVariable String id, Authentication authentication) {
    ExportDestinations.Status s = destinations.status(Caller.of(authentication), id);
    return new StatusView(
        id,
        s.pending(),
        s.failing(),
        s.sent(),
        s.accepted(),
        s.rejected(),
        s.dead(),
        s.lagSeconds());
  }

  /**
   * Queues the whole facilities inventory (rooms and equipment) for this destination alone, as
   * SNAPSHOT records.
   */
  @Post("/{id}/snapshot")
  public HttpResponse<FacilitySnapshot.Queued> snapshot(
      @PathVariable String id, Authentication authentication) {
    return HttpResponse.accepted().body(snapshot.send(Caller.of(authentication), id));
  }

  /** Sent, acknowledged, rejected (with the receiver's reason), pending and dead, per record. */
  @Get(value = "/{id}/reconciliation.csv", produces = "text/csv")
  public HttpResponse<String> reconciliation(
      @PathVariable String id, Authentication authentication) {
    StringWriter csv = new StringWriter();
    destinations.reconciliation(Caller.of(authentication), id, csv);
    return HttpResponse.ok(csv.toString())
        .contentType(CSV)
        .header(
            "Content-Disposition",
            "attachment; filename=\"reconciliation-"
                + id.replaceAll("[^A-Za-z0-9_-]", "_")
                + ".csv\"");
  }

  private static DestinationKind kind(@Nullable String kind) {
    String wanted = kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(DestinationKind.values())
        .filter(k -> k.name().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                RejectedException.invalid(
                    "kind '"
                        + kind
                        + "' is not one of EDFI, SECTOR_FEED (webhooks: /api/v1/webhooks)"));
  }

  private static Optional<String> text(@Nullable String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }
}
