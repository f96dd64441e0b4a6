package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.EventsConfig;
import io.campusedge.hub.internal.config.ExportConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.metrics.ExportMeters;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.security.TestMasterKeys;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Facility alerts become export events with a delivery per matching subscription in the alert's own
 * transaction; attendance alerts (they name cards and users) and rolled-back changes do not.
 */
class AlertExportTest {
  private static final Caller ADMIN =
      new Caller("hieu.truong", Caller.Kind.USER, Role.SCHOOL_ADMIN, Set.of("s1"));

  @Test
  void raisedAndClearedFacilityAlertsAreQueuedForTheSubscription() {
    DataSource dataSource = TestDatabase.H2.migrated();
    JsonMapper json = JsonMapper.createDefault();
    AuditLog audit = new AuditLog(dataSource, json);
    LiveEvents events =
        new LiveEvents(null, null, new EventsConfig(10, Duration.ofSeconds(15))) {
          @Override
          public void publish(LiveEvent event) {}
        };
    Alerts alerts = new Alerts(dataSource, events, audit, new ExportOutbox(json));
    WebhookSubscriptions subscriptions =
        new WebhookSubscriptions(
            dataSource,
            TestMasterKeys.random(),
            audit,
            new ExportConfig(
                Duration.ofSeconds(1),
                50,
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                3,
                false,
                null,
                null));
    String id =
        subscriptions
            .create(
                ADMIN,
                Optional.of("s1"),
                "https://smas.example.edu.vn/hooks/campusedge",
                List.of("alert.raised", "alert.cleared"),
                Optional.empty())
            .subscription()
            .id();
    Instant at = Instant.parse("2026-12-07T01:00:00Z");

    alerts.raise("s1", Optional.of("A101"), AlertKind.DEVICE_FAULT, "device co2-a101", "BAD", at);
    alerts.raise("s1", Optional.of("A101"), AlertKind.DEVICE_FAULT, "device co2-a101", "BAD", at);
    alerts.raise("s1", Optional.of("A101"), AlertKind.UNKNOWN_CARD, "card 0a0b", "tap", at);
    alerts.raise("s2", Optional.empty(), AlertKind.GATEWAY_OFFLINE, "gateway gw-9", "gone", at);
    alerts.clearResolved("s1", AlertKind.DEVICE_FAULT, "device co2-a101", "GOOD again");

    assertThat(events(dataSource))
        .containsExactly(
            "ALERT_RAISED s1 alert:1", "ALERT_RAISED s2 alert:3", "ALERT_CLEARED s1 alert:1");
    assertThat(subscriptions.status(ADMIN, id).pending()).isEqualTo(2);

    // The same figures for Prometheus, per destination, with the lag of the oldest pending one.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExportMeters meters =
        new ExportMeters(() -> dataSource, Clock.fixed(at.plusSeconds(90), ZoneOffset.UTC));
    meters.bindTo(registry);
    meters.refresh();
    assertThat(
            registry
                .get("campusedge.export.pending")
                .tag("destination", id)
                .tag("kind", "WEBHOOK")
                .gauge()
                .value())
        .isEqualTo(2.0);
    assertThat(registry.get("campusedge.export.dead").tag("destination", id).gauge().value())
        .isZero();
    assertThat(registry.get("campusedge.export.lag").tag("destination", id).gauge().value())
        .isEqualTo(90.0);
  }

  private static List<String> events(DataSource dataSource) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<String> rows = new ArrayList<>();
          try (var select =
              connection
                  .createStatement()
                  .executeQuery(
                      "SELECT event_type, site, entity_key FROM export_event ORDER BY event_id")) {
            while (select.next()) {
              rows.add(select.getString(1) + " " + select.getString(2) + " " + select.getString(3));
            }
          }
          return rows;
        });
  }
}
