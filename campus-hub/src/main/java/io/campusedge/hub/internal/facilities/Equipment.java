package io.campusedge.hub.internal.facilities;

import java.time.LocalDate;
import java.util.Optional;

/** One asset of a school's equipment inventory. */
public record Equipment(
    String site,
    String assetCode,
    String type,
    Optional<String> model,
    Optional<String> serial,
    String roomId,
    Optional<LocalDate> commissioned,
    EquipmentStatus status,
    Optional<DeviceBinding> device,
    Optional<Integer> maintenanceIntervalDays,
    Optional<LocalDate> lastMaintenance,
    Optional<String> notes) {

  /** The gateway device whose readings tell when the asset was last seen and how long it ran. */
  public record DeviceBinding(String gatewayId, String deviceId) {}

  /** Last maintenance plus the interval; empty unless both are known. */
  public Optional<LocalDate> maintenanceDue() {
    return lastMaintenance.flatMap(last -> maintenanceIntervalDays.map(last::plusDays));
  }

  /** Due before {@code today}; a retired asset is never overdue. */
  public boolean maintenanceOverdue(LocalDate today) {
    return status != EquipmentStatus.RETIRED
        && maintenanceDue().map(due -> due.isBefore(today)).orElse(false);
  }

  Equipment withChanges(
      EquipmentStatus newStatus,
      Optional<String> newNotes,
      Optional<LocalDate> newLastMaintenance) {
    return new Equipment(
        site,
        assetCode,
        type,
        model,
        serial,
        roomId,
        commissioned,
        newStatus,
        device,
        maintenanceIntervalDays,
        newLastMaintenance,
        newNotes);
  }

  Equipment withNotes(Optional<String> kept) {
    return withChanges(status, kept, lastMaintenance);
  }
}
