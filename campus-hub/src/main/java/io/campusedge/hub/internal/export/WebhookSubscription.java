package io.campusedge.hub.internal.export;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A receiver of export events: one school (or all, for a sector admin's), a URL, event types; a
 * webhook, an Ed-Fi ODS/API or the sector database feed ({@code kind}) with its settings.
 */
public record WebhookSubscription(
    String id,
    Optional<String> site,
    String url,
    Set<ExportEventType> eventTypes,
    Optional<String> description,
    boolean enabled,
    String createdBy,
    Instant createdAt,
    DestinationKind kind,
    DestinationSettings settings) {

  public boolean wants(ExportEventType type, String eventSite) {
    return enabled && eventTypes.contains(type) && site.map(eventSite::equals).orElse(true);
  }
}
