package io.campusedge.hub.internal.facilities;

import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.export.WebhookSubscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Room and equipment records as export events, in the transaction that changes them: what the
 * inventory says about a room or an asset (never notes or who changed it), with the change that
 * made it (ADDED, CHANGED, REMOVED, or SNAPSHOT when an administrator asked for the whole
 * inventory). Ordered per room and per asset.
 */
final class FacilityRecords {
  enum Change {
    ADDED,
    CHANGED,
    REMOVED,
    SNAPSHOT
  }

  private FacilityRecords() {}

  /** An event per room added, changed or removed between two room lists. */
  static void roomsReplaced(
      Connection connection,
      ExportOutbox outbox,
      List<FacilityRoom> before,
      List<FacilityRoom> after,
      Instant now)
      throws SQLException {
    Map<String, FacilityRoom> old = byKey(before, FacilityRoom::roomId);
    for (FacilityRoom room : after) {
      FacilityRoom previous = old.remove(room.roomId());
      if (previous == null) {
        room(connection, outbox, room, Change.ADDED, now);
      } else if (!previous.equals(room)) {
        room(connection, outbox, room, Change.CHANGED, now);
      }
    }
    for (FacilityRoom removed : old.values()) {
      room(connection, outbox, removed, Change.REMOVED, now);
    }
  }

  /** An event per asset added, changed (in what the record exports) or removed. */
  static void equipmentReplaced(
      Connection connection,
      ExportOutbox outbox,
      List<Equipment> before,
      List<Equipment> after,
      LocalDate today,
      Instant now)
      throws SQLException {
    Map<String, Equipment> old = byKey(before, Equipment::assetCode);
    for (Equipment asset : after) {
      Equipment previous = old.remove(asset.assetCode());
      if (previous == null) {
        asset(connection, outbox, asset, Change.ADDED, today, now);
      } else if (!sameRecord(previous, asset, today)) {
        asset(connection, outbox, asset, Change.CHANGED, today, now);
      }
    }
    for (Equipment removed : old.values()) {
      asset(connection, outbox, removed, Change.REMOVED, today, now);
    }
  }

  static void room(
      Connection connection, ExportOutbox outbox, FacilityRoom room, Change change, Instant now)
      throws SQLException {
    outbox.enqueue(
        connection,
        ExportEventType.FACILITY_ROOM_CHANGED,
        room.site(),
        roomKey(room),
        roomData(room, change),
        now);
  }

  static void asset(
      Connection connection,
      ExportOutbox outbox,
      Equipment asset,
      Change change,
      LocalDate today,
      Instant now)
      throws SQLException {
    outbox.enqueue(
        connection,
        ExportEventType.FACILITY_EQUIPMENT_CHANGED,
        asset.site(),
        assetKey(asset),
        equipmentData(asset, change, today),
        now);
  }

  /** The room for one destination only (a snapshot); false if it does not take rooms. */
  static boolean roomFor(
      Connection connection,
      ExportOutbox outbox,
      WebhookSubscription destination,
      FacilityRoom room,
      Instant now)
      throws SQLException {
    return outbox
        .enqueueFor(
            connection,
            destination,
            ExportEventType.FACILITY_ROOM_CHANGED,
            room.site(),
            roomKey(room),
            roomData(room, Change.SNAPSHOT),
            now)
        .isPresent();
  }

  static boolean assetFor(
      Connection connection,
      ExportOutbox outbox,
      WebhookSubscription destination,
      Equipment asset,
      LocalDate today,
      Instant now)
      throws SQLException {
    return outbox
        .enqueueFor(
            connection,
            destination,
            ExportEventType.FACILITY_EQUIPMENT_CHANGED,
            asset.site(),
            assetKey(asset),
            equipmentData(asset, Change.SNAPSHOT, today),
            now)
        .isPresent();
  }

  static Map<String, Object> roomData(FacilityRoom room, Change change) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", room.site());
    data.put("roomId", room.roomId());
    data.put("name", room.name());
    room.buildingId().ifPresent(b -> data.put("buildingId", b));
    data.put("kind", room.kind().name());
    room.capacity().ifPresent(c -> data.put("capacity", c));
    data.put("change", change.name());
    return data;
  }

  static Map<String, Object> equipmentData(Equipment asset, Change change, LocalDate today) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", asset.site());
    data.put("assetCode", asset.assetCode());
    data.put("type", asset.type());
    asset.model().ifPresent(m -> data.put("model", m));
    asset.serial().ifPresent(s -> data.put("serial", s));
    data.put("roomId", asset.roomId());
    asset.commissioned().ifPresent(d -> data.put("commissioned", d.toString()));
    data.put("status", asset.status().name());
    asset.maintenanceIntervalDays().ifPresent(d -> data.put("maintenanceIntervalDays", d));
    asset.lastMaintenance().ifPresent(d -> data.put("lastMaintenance", d.toString()));
    asset.maintenanceDue().ifPresent(d -> data.put("maintenanceDue", d.toString()));
    data.put("maintenanceOverdue", asset.maintenanceOverdue(today));
    data.put("change", change.name());
    return data;
  }

  private static String roomKey(FacilityRoom room) {
    return "facility-room:" + room.roomId();
  }

  private static String assetKey(Equipment asset) {
    return "asset:" + asset.assetCode();
  }

  private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
    return items.stream()
        .collect(Collectors.toMap(key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  /** The two say the same in an exported record (notes, say, are not exported). */
  static boolean sameRecord(Equipment a, Equipment b, LocalDate today) {
    return Objects.equals(
        equipmentData(a, Change.CHANGED, today), equipmentData(b, Change.CHANGED, today));
  }
}
