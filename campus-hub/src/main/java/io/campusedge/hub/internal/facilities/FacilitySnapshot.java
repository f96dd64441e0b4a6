package io.campusedge.hub.internal.facilities;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.export.WebhookSubscription;
import io.campusedge.hub.internal.export.WebhookSubscriptions;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The whole facilities inventory (room records and equipment) queued once for one export
 * destination, as SNAPSHOT records: how a new sector feed learns what exists before the first
 * change, or how one catches up after a receiver lost its data. Audited.
 */
@Singleton
public class FacilitySnapshot {
  private final DataSource dataSource;
  private final FacilityStore store;
  private final WebhookSubscriptions subscriptions;
  private final ExportOutbox outbox;
  private final AuditLog audit;
  private final AttendanceConfig config;
  private final Clock clock;

  /** What was queued. */
  @Serdeable
  public record Queued(String destinationId, List<String> sites, int rooms, int equipment) {}

  @Inject
  public FacilitySnapshot(
      DataSource dataSource,
      FacilityStore store,
      WebhookSubscriptions subscriptions,
      ExportOutbox outbox,
      AuditLog audit,
      AttendanceConfig config) {
    this(dataSource, store, subscriptions, outbox, audit, config, Clock.systemUTC());
  }

  FacilitySnapshot(
      DataSource dataSource,
      FacilityStore store,
      WebhookSubscriptions subscriptions,
      ExportOutbox outbox,
      AuditLog audit,
      AttendanceConfig config,
      Clock clock) {
    this.dataSource = dataSource;
    this.store = store;
    this.subscriptions = subscriptions;
    this.outbox = outbox;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** Queues every room and asset of the destination's school (all schools if it has none). */
  public Queued send(Caller caller, String destinationId) {
    WebhookSubscription destination = subscriptions.get(caller, destinationId);
    if (!destination.enabled()) {
      throw RejectedException.conflict("export destination '" + destinationId + "' is disabled");
    }
    if (!destination.eventTypes().contains(ExportEventType.FACILITY_ROOM_CHANGED)
        && !destination.eventTypes().contains(ExportEventType.FACILITY_EQUIPMENT_CHANGED)) {
      throw RejectedException.invalid(
          "export destination '"
              + destinationId
              + "' takes neither facility.room.changed nor facility.equipment.changed");
    }
    List<String> sites = destination.site().map(List::of).orElseGet(store::sitesWithRecords);
    Instant now = clock.instant();
    LocalDate today = LocalDate.now(clock.withZone(config.zone()));
    int rooms = 0;
    int equipment = 0;
    for (String site : sites) {
      int[] counts =
          Sql.inTransaction(
              dataSource,
              connection -> {
                int[] c = new int[2];
                for (FacilityRoom room : FacilityStore.rooms(connection, site)) {
                  if (FacilityRecords.roomFor(connection, outbox, destination, room, now)) {
                    c[0]++;
                  }
                }
                for (Equipment asset : FacilityStore.equipment(connection, site)) {
                  if (FacilityRecords.assetFor(
                      connection, outbox, destination, asset, today, now)) {
                    c[1]++;
                  }
                }
                return c;
              });
      rooms += counts[0];
      equipment += counts[1];
    }
    audit.record(
        caller.auditName(),
        "export.destination.snapshot",
        "destination:" + destinationId,
        destination.site().map(List::of).orElse(List.of()),
        Map.of("rooms", rooms, "equipment", equipment, "sites", sites.size()));
    return new Queued(destinationId, sites, rooms, equipment);
  }
}
