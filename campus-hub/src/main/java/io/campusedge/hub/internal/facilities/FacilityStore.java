package io.campusedge.hub.internal.facilities;

import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.facilities.Equipment.DeviceBinding;
import io.campusedge.hub.internal.store.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/** The facility_room, facility_building and equipment tables, and activity of bound devices. */
@Singleton
public class FacilityStore {
  private static final String EQUIPMENT_COLUMNS =
      "site, asset_code, equipment_type, model, serial, room_id, commissioned, status, gateway_id,"
          + " device_id, maintenance_interval_days, last_maintenance, notes";

  /** When a bound device last reported and its latest running-hours counter, if it has one. */
  public record DeviceActivity(Optional<Instant> lastSeen, Optional<Double> usageHours) {
    static final DeviceActivity NONE = new DeviceActivity(Optional.empty(), Optional.empty());
  }

  private final DataSource dataSource;
  private final ExportOutbox outbox;

  public FacilityStore(DataSource dataSource, ExportOutbox outbox) {
    this.dataSource = dataSource;
    this.outbox = outbox;
  }

  /**
   * Replaces the school's room records (and the buildings they name) in one transaction, with an
   * export event per room added, changed or removed.
   */
  void replaceRooms(String site, List<FacilityRoom> rooms, Instant now) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          List<FacilityRoom> before = rooms(connection, site);
          deleteSite(connection, "facility_room", site);
          deleteSite(connection, "facility_building", site);
          try (PreparedStatement building =
              connection.prepareStatement(
                  "INSERT INTO facility_building (site, building_id, name) VALUES (?,?,?)")) {
            for (String id :
                new TreeSet<>(rooms.stream().flatMap(r -> r.buildingId().stream()).toList())) {
              building.setString(1, site);
              building.setString(2, id);
              building.setString(3, id);
              building.addBatch();
            }
            building.executeBatch();
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO facility_room (site, room_id, building_id, name, kind, capacity)"
                      + " VALUES (?,?,?,?,?,?)")) {
            for (FacilityRoom room : rooms) {
              insert.setString(1, site);
              insert.setString(2, room.roomId());
              insert.setString(3, room.buildingId().orElse(null));
              insert.setString(4, room.name());
              insert.setString(5, room.kind().name());
              setInteger(insert, 6, room.capacity());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          FacilityRecords.roomsReplaced(connection, outbox, before, rooms, now);
          return null;
        });
  }

  public List<FacilityRoom> rooms(String site) {
    return Sql.inTransaction(dataSource, connection -> rooms(connection, site));
  }

  static List<FacilityRoom> rooms(Connection connection, String site) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT room_id, building_id, name, kind, capacity FROM facility_room"
                + " WHERE site = ? ORDER BY room_id")) {
      select.setString(1, site);
      List<FacilityRoom> rooms = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          rooms.add(
              new FacilityRoom(
                  site,
                  rows.getString(1),
                  rows.getString(3),
                  Optional.ofNullable(rows.getString(2)),
                  RoomKind.valueOf(rows.getString(4)),
                  integer(rows, 5)));
        }
      }
      return rooms;
    }
  }

  /** Rooms the school's gateways reported (the {@code room} table), room id to name. */
  public Map<String, String> reportedRooms(String site) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT room_id, name FROM room WHERE site = ? ORDER BY room_id")) {
            select.setString(1, site);
            Map<String, String> rooms = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                rooms.put(rows.getString(1), rows.getString(2));
              }
            }
            return rooms;
          }
        });
  }

  /**
   * Replaces the school's equipment inventory in one transaction, with an export event per asset
   * added, changed or removed.
   */
  void replaceEquipment(
      String site, List<Equipment> assets, String actor, LocalDate today, Instant now) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          List<Equipment> before = equipment(connection, site);
          deleteSite(connection, "equipment", site);
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO equipment ("
                      + EQUIPMENT_COLUMNS
                      + ", updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Equipment asset : assets) {
              bindEquipment(insert, asset);
              insert.setString(14, actor);
              insert.setObject(15, Sql.utc(now));
              insert.addBatch();
            }
            insert.executeBatch();
          }
          FacilityRecords.equipmentReplaced(connection, outbox, before, assets, today, now);
          return null;
        });
  }

  public List<Equipment> equipment(String site) {
    return selectEquipment("WHERE site = ? ORDER BY asset_code", site, null);
  }

  static List<Equipment> equipment(Connection connection, String site) throws SQLException {
    return selectEquipment(connection, "WHERE site = ? ORDER BY asset_code", site, null);
  }

  /** The schools with room records or an equipment inventory. */
  List<String> sitesWithRecords() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<String> sites = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT site FROM facility_room UNION SELECT site FROM equipment"
                          + " ORDER BY site");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              sites.add(rows.getString(1));
            }
          }
          return sites;
        });
  }

  /** The schools that have an equipment inventory. */
  public List<String> sitesWithEquipment() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<String> sites = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT DISTINCT site FROM equipment ORDER BY site");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              sites.add(rows.getString(1));
            }
          }
          return sites;
        });
  }

  public Optional<Equipment> asset(String site, String assetCode) {
    return selectEquipment("WHERE site = ? AND asset_code = ?", site, assetCode).stream()
        .findFirst();
  }

  /**
   * Stores an asset's status, notes and last maintenance, with an export event when the exported
   * record changes (not for notes); false if it is not there any more.
   */
  boolean update(Equipment before, Equipment asset, String actor, LocalDate today, Instant now) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE equipment SET status = ?, notes = ?, last_maintenance = ?,"
                      + " updated_by = ?, updated_at = ? WHERE site = ? AND asset_code = ?")) {
            update.setString(1, asset.status().name());
            update.setString(2, asset.notes().orElse(null));
            setDate(update, 3, asset.lastMaintenance());
            update.setString(4, actor);
            update.setObject(5, Sql.utc(now));
            update.setString(6, asset.site());
            update.setString(7, asset.assetCode());
            if (update.executeUpdate() != 1) {
              return false;
            }
          }
          if (!FacilityRecords.sameRecord(before, asset, today)) {
            FacilityRecords.asset(
                connection, outbox, asset, FacilityRecords.Change.CHANGED, today, now);
          }
          return true;
        });
  }

  /**
   * The newest reading of the device (any metric) and its newest {@code lamp_hours} or {@code
   * hours} value: per series of the device, the newest row of the reading index (series, time).
   */
  public DeviceActivity activity(DeviceBinding device) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          Optional<Instant> lastSeen = Optional.empty();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT MAX((SELECT MAX(r.source_time) FROM reading r"
                      + " WHERE r.series_id = s.series_id))"
                      + " FROM series s WHERE s.gateway_id = ? AND s.device_id = ?")) {
            select.setString(1, device.gatewayId());
            select.setString(2, device.deviceId());
            try (ResultSet rows = select.executeQuery()) {
              if (rows.next() && rows.getObject(1) != null) {
                lastSeen = Optional.of(Sql.instant(rows.getObject(1)));
              }
            }
          }
          if (lastSeen.isEmpty()) {
            return DeviceActivity.NONE;
          }
          Optional<Double> hours = Optional.empty();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT r.num_value FROM reading r JOIN series s ON s.series_id = r.series_id"
                      + " WHERE s.gateway_id = ? AND s.device_id = ?"
                      + " AND s.metric IN ('lamp_hours', 'hours') AND r.num_value IS NOT NULL"
                      + " ORDER BY r.source_time DESC FETCH FIRST 1 ROWS ONLY")) {
            select.setString(1, device.gatewayId());
            select.setString(2, device.deviceId());
            try (ResultSet rows = select.executeQuery()) {
              if (rows.next()) {
                hours = Optional.of(rows.getDouble(1));
              }
            }
          }
          return new DeviceActivity(lastSeen, hours);
        });
  }

  private List<Equipment> selectEquipment(String where, String site, String assetCode) {
    return Sql.inTransaction(
        dataSource, connection -> selectEquipment(connection, where, site, assetCode));
  }

  private static List<Equipment> selectEquipment(
      Connection connection, String where, String site, String assetCode) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + EQUIPMENT_COLUMNS + " FROM equipment " + where)) {
      select.setString(1, site);
      if (assetCode != null) {
        select.setString(2, assetCode);
      }
      List<Equipment> assets = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          assets.add(equipmentFrom(rows));
        }
      }
      return assets;
    }
  }

  private static Equipment equipmentFrom(ResultSet row) throws SQLException {
    String gatewayId = row.getString(9);
    String deviceId = row.getString(10);
    return new Equipment(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        Optional.ofNullable(row.getString(4)),
        Optional.ofNullable(row.getString(5)),
        row.getString(6),
        date(row, 7),
        EquipmentStatus.valueOf(row.getString(8)),
        gatewayId == null || deviceId == null
            ? Optional.empty()
            : Optional.of(new DeviceBinding(gatewayId, deviceId)),
        integer(row, 11),
        date(row, 12),
        Optional.ofNullable(row.getString(13)));
  }

  private static void bindEquipment(PreparedStatement insert, Equipment asset) throws SQLException {
    insert.setString(1, asset.site());
    insert.setString(2, asset.assetCode());
    insert.setString(3, asset.type());
    insert.setString(4, asset.model().orElse(null));
    insert.setString(5, asset.serial().orElse(null));
    insert.setString(6, asset.roomId());
    setDate(insert, 7, asset.commissioned());
    insert.setString(8, asset.status().name());
    insert.setString(9, asset.device().map(DeviceBinding::gatewayId).orElse(null));
    insert.setString(10, asset.device().map(DeviceBinding::deviceId).orElse(null));
    setInteger(insert, 11, asset.maintenanceIntervalDays());
    setDate(insert, 12, asset.lastMaintenance());
    insert.setString(13, asset.notes().orElse(null));
  }

  private static void deleteSite(Connection connection, String table, String site)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + table + " WHERE site = ?")) {
      delete.setString(1, site);
      delete.executeUpdate();
    }
  }

  private static void setInteger(PreparedStatement statement, int index, Optional<Integer> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setInt(index, value.get());
    } else {
      statement.setNull(index, Types.INTEGER);
    }
  }

  private static void setDate(PreparedStatement statement, int index, Optional<LocalDate> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setDate(index, Date.valueOf(value.get()));
    } else {
      statement.setNull(index, Types.DATE);
    }
  }

  private static Optional<Integer> integer(ResultSet row, int index) throws SQLException {
    int value = row.getInt(index);
    return row.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<LocalDate> date(ResultSet row, int index) throws SQLException {
    Date value = row.getDate(index);
    return value == null ? Optional.empty() : Optional.of(value.toLocalDate());
  }
}
