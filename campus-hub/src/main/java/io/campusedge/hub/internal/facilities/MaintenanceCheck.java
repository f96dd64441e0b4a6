package io.campusedge.hub.internal.facilities;

import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises MAINTENANCE_OVERDUE for each asset whose maintenance date (last maintenance plus its
 * interval) has passed in the schools' time zone, and clears it once the asset is maintained (a new
 * last-maintenance date), retired, or its interval changed; runs hourly.
 */
@Singleton
public class MaintenanceCheck {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceCheck.class);

  private final FacilityStore store;
  private final Alerts alerts;
  private final ZoneId zone;
  private final Clock clock;

  public MaintenanceCheck(FacilityStore store, Alerts alerts, AttendanceConfig config) {
    this(store, alerts, config.zone(), Clock.systemUTC());
  }

  MaintenanceCheck(FacilityStore store, Alerts alerts, ZoneId zone, Clock clock) {
    this.store = store;
    this.alerts = alerts;
    this.zone = zone;
    this.clock = clock;
  }

  @Scheduled(fixedDelay = "1h", initialDelay = "1m")
  void scheduledRun() {
    try {
      run();
    } catch (RuntimeException e) {
      LOG.warn("Maintenance check failed; next try in an hour", e);
    }
  }

  /** Returns how many assets are overdue now. */
  public int run() {
    LocalDate today = LocalDate.now(clock.withZone(zone));
    int overdue = 0;
    for (String site : store.sitesWithEquipment()) {
      for (Equipment asset : store.equipment(site)) {
        String subject = "asset " + asset.assetCode();
        if (asset.maintenanceOverdue(today)) {
          overdue++;
          alerts.raise(
              site,
              Optional.of(asset.roomId()),
              AlertKind.MAINTENANCE_OVERDUE,
              subject,
              asset.type()
                  + " "
                  + asset.assetCode()
                  + " in room "
                  + asset.roomId()
                  + ": maintenance was due on "
                  + asset.maintenanceDue().orElseThrow()
                  + " (last "
                  + asset.lastMaintenance().orElseThrow()
                  + ", every "
                  + asset.maintenanceIntervalDays().orElseThrow()
                  + " days)",
              clock.instant());
        } else {
          alerts.clearResolved(
              site, AlertKind.MAINTENANCE_OVERDUE, subject, "maintained or no longer due");
        }
      }
    }
    return overdue;
  }
}
