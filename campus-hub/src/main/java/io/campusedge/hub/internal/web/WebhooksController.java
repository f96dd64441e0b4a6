package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.export.DestinationKind;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.WebhookSubscription;
import io.campusedge.hub.internal.export.WebhookSubscriptions;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Webhook subscriptions of the export outbox (docs/integrator-guide-webhooks.md): create (the
 * signing secret is in this answer only), list, disable, delivery status, dead deliveries, replay.
 */
@Controller("/api/v1/webhooks")
@Secured({Role.SECTOR_ADMIN_NAME, Role.SCHOOL_ADMIN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhooksController {
  private final WebhookSubscriptions subscriptions;

  /** {@code site} absent: every school (sector admins only). */
  @Serdeable
  public record WebhookRequest(
      @Nullable String site,
      @Nullable String url,
      @Nullable List<String> eventTypes,
      @Nullable String description) {}

  @Serdeable
  public record WebhookView(
      String id,
      @Nullable String site,
      String url,
      List<String> eventTypes,
      @Nullable String description,
      boolean enabled,
      String createdBy,
      String createdAt,
      @Nullable String secret) {
    static WebhookView of(WebhookSubscription s, @Nullable String secret) {
      return new WebhookView(
          s.id(),
          s.site().orElse(null),
          s.url(),
          s.eventTypes().stream().map(ExportEventType::filterName).toList(),
          s.description().orElse(null),
          s.enabled(),
          s.createdBy(),
          s.createdAt().toString(),
          secret);
    }
  }

  @Serdeable
  public record StatusView(String id, long pending, long sent, long dead, long lagSeconds) {}

  @Serdeable
  public record DeadView(
      long deliveryId,
      String eventId,
      String type,
      String subject,
      int attempts,
      @Nullable Integer lastStatus,
      @Nullable String lastError,
      String queuedAt) {}

  @Serdeable
  public record ReplayRequest(@Nullable String since) {}

  @Serdeable
  public record ReplayView(String id, String since, int queued) {}

  public WebhooksController(WebhookSubscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Post
  public HttpResponse<WebhookView> create(
      @Body WebhookRequest request, Authentication authentication) {
    WebhookSubscriptions.Created created =
        subscriptions.create(
            Caller.of(authentication),
            Optional.ofNullable(request.site()).filter(s -> !s.isBlank()),
            request.url(),
            request.eventTypes(),
            Optional.ofNullable(request.description()).filter(d -> !d.isBlank()));
    return HttpResponse.created(WebhookView.of(created.subscription(), created.secret()));
  }

  @Get
  public List<WebhookView> list(Authentication authentication) {
    return subscriptions.list(Caller.of(authentication)).stream()
        .filter(s -> s.kind() == DestinationKind.WEBHOOK)
        .map(s -> WebhookView.of(s, null))
        .toList();
  }

  @Get("/{id}")
  public WebhookView get(@PathVariable String id, Authentication authentication) {
    return WebhookView.of(subscriptions.get(Caller.of(authentication), id), null);
  }

  /** Disables it: nothing more is queued or sent; kept for its status and audit trail. */
  @Delete("/{id}")
  public WebhookView disable(@PathVariable String id, Authentication authentication) {
    return WebhookView.of(subscriptions.disable(Caller.of(authentication), id), null);
  }

  @Get("/{id}/status")
  public StatusView status(@PathVariable String id, Authentication authentication) {
    WebhookSubscriptions.Status status = subscriptions.status(Caller.of(authentication), id);
    return new StatusView(id, status.pending(), status.sent(), status.dead(), status.lagSeconds());
  }

  /**
   * @param limit at most this many (1-1000, default 100), newest first
   */
  @Get("/{id}/dead")
  public List<DeadView> dead(
      @PathVariable String id, @QueryValue @Nullable Integer limit, Authentication authentication) {
    int max = limit == null ? 100 : limit;
    if (max < 1 || max > 1000) {
      throw RejectedException.invalid("limit " + max + " is not within 1-1000");
    }
    return subscriptions.dead(Caller.of(authentication), id, max).stream()
        .map(
            d ->
                new DeadView(
                    d.deliveryId(),
                    d.cloudEventId(),
                    d.type(),
                    d.subject(),
                    d.attempts(),
                    d.lastStatus().orElse(null),
                    d.lastError().orElse(null),
                    d.createdAt().toString()))
        .toList();
  }

  /** Queues the subscription's events since {@code since} again, with their original ids. */
  @Post("/{id}/replay")
  public ReplayView replay(
      @PathVariable String id, @Body ReplayRequest request, Authentication authentication) {
    if (request.since() == null || request.since().isBlank()) {
      throw RejectedException.invalid("replay needs {\"since\": \"2026-12-07T00:00:00Z\"}");
    }
    Instant since;
    try {
      since = Instant.parse(request.since().strip());
    } catch (DateTimeParseException e) {
      throw RejectedException.invalid(
          "since '" + request.since() + "' is not an ISO-8601 instant (2026-12-07T00:00:00Z)");
    }
    int queued = subscriptions.replay(Caller.of(authentication), id, since);
    return new ReplayView(id, since.toString(), queued);
  }
}
