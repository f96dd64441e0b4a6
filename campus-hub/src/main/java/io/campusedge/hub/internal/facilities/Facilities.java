package io.campusedge.hub.internal.facilities;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.facilities.Equipment.DeviceBinding;
import io.campusedge.hub.internal.facilities.FacilityStore.DeviceActivity;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A school's facility records: rooms and the equipment inventory. Every role reads its own schools;
 * administrators import; technicians (and administrators) change an asset's status, notes and last
 * maintenance. Every change is audited.
 */
@Singleton
public class Facilities {
  private final FacilityStore store;
  private final AuditLog audit;
  private final AttendanceConfig config;
  private final Clock clock;

  /** What a room import stored. */
  @Serdeable
  public record RoomsSummary(String site, int rooms, int buildings) {}

  /** What an equipment import stored, compared with the inventory before it. */
  @Serdeable
  public record EquipmentSummary(String site, int assets, int added, int changed, int removed) {}

  /**
   * A room: recorded by the school (RECORDED) or only reported by a gateway (UNRECORDED); {@code
   * reported} says whether a gateway reported it.
   */
  @Serdeable
  public record RoomRecordView(
      String roomId,
      String name,
      @Nullable String building,
      @Nullable String kind,
      @Nullable Integer capacity,
      String record,
      boolean reported) {}

  /** An asset with what its bound device tells: last seen and running hours. */
  @Serdeable
  public record EquipmentView(
      String site,
      String assetCode,
      String type,
      @Nullable String model,
      @Nullable String serial,
      String room,
      @Nullable String commissioned,
      String status,
      @Nullable String gatewayId,
      @Nullable String deviceId,
      @Nullable Integer maintenanceIntervalDays,
      @Nullable String lastMaintenance,
      @Nullable String notes,
      @Nullable String lastSeen,
      @Nullable Double usageHours,
      @Nullable String maintenanceDue,
      boolean maintenanceOverdue) {}

  @Inject
  public Facilities(FacilityStore store, AuditLog audit, AttendanceConfig config) {
    this(store, audit, config, Clock.systemUTC());
  }

  Facilities(FacilityStore store, AuditLog audit, AttendanceConfig config, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  public RoomsSummary importRooms(Caller caller, String site, byte[] csv) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "import room records");
    List<FacilityRoom> rooms = RoomsCsv.read(site, csv);
    store.replaceRooms(site, rooms, clock.instant());
    int buildings =
        (int) rooms.stream().flatMap(room -> room.buildingId().stream()).distinct().count();
    audit.record(
        caller.auditName(),
        "facilities.rooms.import",
        "site:" + site,
        List.of(site),
        Map.of("rooms", rooms.size(), "buildings", buildings));
    return new RoomsSummary(site, rooms.size(), buildings);
  }

  /** The recorded rooms, then the rooms gateways reported that are not recorded. */
  public List<RoomRecordView> rooms(Caller caller, String site) {
    caller.requireSite(site);
    Map<String, String> reported = store.reportedRooms(site);
    List<RoomRecordView> views = new ArrayList<>();
    Set<String> recorded = new HashSet<>();
    for (FacilityRoom room : store.rooms(site)) {
      recorded.add(room.roomId());
      views.add(
          new RoomRecordView(
              room.roomId(),
              room.name(),
              room.buildingId().orElse(null),
              room.kind().name(),
              room.capacity().orElse(null),
              "RECORDED",
              reported.containsKey(room.roomId())));
    }
    reported.forEach(
        (roomId, name) -> {
          if (!recorded.contains(roomId)) {
            views.add(new RoomRecordView(roomId, name, null, null, null, "UNRECORDED", true));
          }
        });
    return views;
  }

  public EquipmentSummary importEquipment(Caller caller, String site, byte[] csv) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin(), "import equipment");
    Set<String> rooms = new HashSet<>(store.reportedRooms(site).keySet());
    store.rooms(site).forEach(room -> rooms.add(room.roomId()));
    Map<String, Equipment> previous =
        store.equipment(site).stream()
            .collect(Collectors.toMap(Equipment::assetCode, Function.identity()));
    List<Equipment> assets = EquipmentCsv.read(site, csv, rooms, previous);
    store.replaceEquipment(site, assets, caller.auditName(), today(), clock.instant());
    int added = 0;
    int changed = 0;
    for (Equipment asset : assets) {
      Equipment before = previous.remove(asset.assetCode());
      if (before == null) {
        added++;
      } else if (!before.equals(asset)) {
        changed++;
      }
    }
    EquipmentSummary summary =
        new EquipmentSummary(site, assets.size(), added, changed, previous.size());
    audit.record(
        caller.auditName(),
        "equipment.import",
        "site:" + site,
        List.of(site),
        Map.of(
            "assets",
            assets.size(),
            "added",
            added,
            "changed",
            changed,
            "removed",
            previous.size()));
    return summary;
  }

  /**
   * @param room only assets in this room
   * @param status only assets with this status (IN_USE, FAULTY, UNDER_REPAIR, RETIRED)
   */
  public List<EquipmentView> equipment(
      Caller caller, String site, Optional<String> room, Optional<String> status) {
    caller.requireSite(site);
    Optional<EquipmentStatus> wanted = status.map(Facilities::status);
    LocalDate today = today();
    return store.equipment(site).stream()
        .filter(asset -> room.map(asset.roomId()::equals).orElse(true))
        .filter(asset -> wanted.map(w -> w == asset.status()).orElse(true))
        .map(asset -> view(asset, today))
        .toList();
  }

  /** The inventory in the import format. */
  public String equipmentCsv(Caller caller, String site) {
    caller.requireSite(site);
    return EquipmentCsv.write(store.equipment(site));
  }

  /**
   * Changes what is given (status, notes, last maintenance; a blank notes text clears them) and
   * audits the fields that changed with their values before and after.
   */
  public EquipmentView update(
      Caller caller,
      String site,
      String assetCode,
      Optional<String> status,
      Optional<String> notes,
      Optional<String> lastMaintenance) {
    caller.requireSite(site);
    caller.require(caller.role().isAdmin() || caller.role() == Role.TECHNICIAN, "change equipment");
    if (status.isEmpty() && notes.isEmpty() && lastMaintenance.isEmpty()) {
      throw RejectedException.invalid("give at least one of status, notes, lastMaintenance");
    }
    Equipment before =
        store
            .asset(site, assetCode)
            .orElseThrow(
                () -> RejectedException.notFound("no asset '" + assetCode + "' at " + site));
    EquipmentStatus newStatus = status.map(Facilities::status).orElse(before.status());
    Optional<String> newNotes = notes.isPresent() ? notes(notes.get()) : before.notes();
    Optional<LocalDate> newLast =
        lastMaintenance.isPresent()
            ? Optional.of(date("lastMaintenance", lastMaintenance.get()))
            : before.lastMaintenance();
    if (newLast.isPresent() && newLast.get().isAfter(today())) {
      throw RejectedException.invalid("lastMaintenance " + newLast.get() + " is in the future");
    }
    Equipment after = before.withChanges(newStatus, newNotes, newLast);
    if (after.equals(before)) {
      return view(before, today());
    }
    if (!store.update(before, after, caller.auditName(), today(), clock.instant())) {
      throw RejectedException.notFound("no asset '" + assetCode + "' at " + site);
    }
    Map<String, Object> beforeValues = new TreeMap<>();
    Map<String, Object> afterValues = new TreeMap<>();
    changed("status", before.status().name(), after.status().name(), beforeValues, afterValues);
    changed("notes", before.notes(), after.notes(), beforeValues, afterValues);
    changed(
        "lastMaintenance",
        before.lastMaintenance(),
        after.lastMaintenance(),
        beforeValues,
        afterValues);
    audit.record(
        caller.auditName(),
        before.status() != after.status() ? "equipment.status" : "equipment.update",
        "equipment:" + site + "/" + assetCode,
        List.of(site),
        Map.of("before", beforeValues, "after", afterValues));
    return view(after, today());
  }

  LocalDate today() {
    return LocalDate.now(clock.withZone(config.zone()));
  }

  private EquipmentView view(Equipment asset, LocalDate today) {
    DeviceActivity activity = asset.device().map(store::activity).orElse(DeviceActivity.NONE);
    return new EquipmentView(
        asset.site(),
        asset.assetCode(),
        asset.type(),
        asset.model().orElse(null),
        asset.serial().orElse(null),
        asset.roomId(),
        asset.commissioned().map(LocalDate::toString).orElse(null),
        asset.status().name(),
        asset.device().map(DeviceBinding::gatewayId).orElse(null),
        asset.device().map(DeviceBinding::deviceId).orElse(null),
        asset.maintenanceIntervalDays().orElse(null),
        asset.lastMaintenance().map(LocalDate::toString).orElse(null),
        asset.notes().orElse(null),
        activity.lastSeen().map(Instant::toString).orElse(null),
        activity.usageHours().orElse(null),
        asset.maintenanceDue().map(LocalDate::toString).orElse(null),
        asset.maintenanceOverdue(today));
  }

  private static void changed(
      String field,
      Object before,
      Object after,
      Map<String, Object> beforeValues,
      Map<String, Object> afterValues) {
    if (!Objects.equals(before, after)) {
      beforeValues.put(field, text(before));
      afterValues.put(field, text(after));
    }
  }

  private static String text(Object value) {
    if (value instanceof Optional<?> optional) {
      return optional.map(String::valueOf).orElse("");
    }
    return String.valueOf(value);
  }

  private static Optional<String> notes(String text) {
    if (text.length() > 1024) {
      throw RejectedException.invalid("notes are longer than 1024 characters");
    }
    return text.isBlank() ? Optional.empty() : Optional.of(text.strip());
  }

  private static EquipmentStatus status(String text) {
    return EquipmentStatus.parse(text)
        .orElseThrow(
            () ->
                RejectedException.invalid(
                    "status '"
                        + text
                        + "' is not one of "
                        + String.join(", ", EquipmentStatus.names())));
  }

  private static LocalDate date(String field, String text) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw RejectedException.invalid(field + " '" + text + "' is not a date like 2026-09-05");
    }
  }
}
