package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.DeviceHealth;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Room;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;

/** The {@code gateway_status}, {@code room} and {@code device} tables. */
@Singleton
public class JdbcGatewayInventoryStore implements GatewayInventoryStore {
  private final DataSource dataSource;

  public JdbcGatewayInventoryStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Retried once on a duplicate key: gateways of one room announcing it at the same moment. */
  @Override
  public void apply(GatewayState state) {
    Sql.inTransactionRetryingDuplicate(
        dataSource,
        connection -> {
          upsertStatus(connection, state);
          if (state.getOnline()) {
            updateHealth(connection, state);
            for (Room room : state.getRoomsList()) {
              upsertRoom(connection, state.getSite(), room);
            }
            replaceDevices(connection, state);
          }
          return null;
        });
  }

  private static void upsertStatus(Connection connection, GatewayState state) throws SQLException {
    Instant lastSeen = Instant.now();
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE gateway_status SET site = ?, online = ?, epoch = ?, boot_id = ?,"
                + " software_version = ?, last_seen = ? WHERE gateway_id = ?")) {
      update.setString(1, state.getSite());
      update.setBoolean(2, state.getOnline());
      update.setLong(3, state.getEpoch());
      update.setString(4, state.getBootId());
      update.setString(5, state.getSoftwareVersion());
      update.setObject(6, Sql.utc(lastSeen));
      update.setString(7, state.getGatewayId());
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO gateway_status (gateway_id, site, online, epoch, boot_id,"
                + " software_version, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, state.getGatewayId());
      insert.setString(2, state.getSite());
      insert.setBoolean(3, state.getOnline());
      insert.setLong(4, state.getEpoch());
      insert.setString(5, state.getBootId());
      insert.setString(6, state.getSoftwareVersion());
      insert.setObject(7, Sql.utc(lastSeen));
      insert.executeUpdate();
    }
  }

  /** What the fleet view shows of a gateway's own health; a death message keeps the last one. */
  private static void updateHealth(Connection connection, GatewayState state) throws SQLException {
    long oldestMs = state.getOutbox().getOldestPendingTimeMs();
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE gateway_status SET outbox_pending = ?, outbox_oldest = ?, clock_synced = ?,"
                + " clock_source = ?, problems = ? WHERE gateway_id = ?")) {
      update.setLong(1, state.getOutbox().getPendingRecords());
      update.setObject(2, oldestMs > 0 ? Sql.utc(Instant.ofEpochMilli(oldestMs)) : null);
      update.setBoolean(3, state.getClockSync().getSynced());
      update.setString(4, truncate(state.getClockSync().getSource(), 16));
      update.setString(5, truncate(String.join("\n", problems(state)), 2048));
      update.setString(6, state.getGatewayId());
      update.executeUpdate();
    }
  }

  /** The gateway's own problem list, then each device that failed, in a technician's words. */
  static List<String> problems(GatewayState state) {
    List<String> problems = new ArrayList<>(state.getHealth().getProblemsList());
    for (DeviceHealth device : state.getHealth().getDevicesList()) {
      if (!device.getReachable() || device.getErrors() > 0) {
        problems.add(
            "device "
                + device.getDeviceId()
                + (device.getReachable() ? "" : " unreachable")
                + ": "
                + device.getErrors()
                + " errors"
                + (device.getLastError().isEmpty() ? "" : ", last: " + device.getLastError()));
      }
    }
    return problems;
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  private static void upsertRoom(Connection connection, String site, Room room)
      throws SQLException {
    String name = room.getName().isEmpty() ? room.getId() : room.getName();
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE room SET name = ? WHERE site = ? AND room_id = ?")) {
      update.setString(1, name);
      update.setString(2, site);
      update.setString(3, room.getId());
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO room (site, room_id, name) VALUES (?, ?, ?)")) {
      insert.setString(1, site);
      insert.setString(2, room.getId());
      insert.setString(3, name);
      insert.executeUpdate();
    }
  }

  private static void replaceDevices(Connection connection, GatewayState state)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM device WHERE gateway_id = ?")) {
      delete.setString(1, state.getGatewayId());
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO device (gateway_id, device_id, site, device_type, room_id, model)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (DeviceInfo device : state.getDevicesList()) {
        insert.setString(1, state.getGatewayId());
        insert.setString(2, device.getDeviceId());
        insert.setString(3, state.getSite());
        insert.setString(4, device.getType());
        insert.setString(5, device.getRoomId());
        insert.setString(6, device.getModel());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public void touch(Map<String, Instant> heard) {
    if (heard.isEmpty()) {
      return;
    }
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE gateway_status SET last_seen = ?, online = TRUE"
                      + " WHERE gateway_id = ? AND last_seen < ?")) {
            // In id order, so two hub instances touching the same gateways cannot deadlock.
            for (String gatewayId : new TreeSet<>(heard.keySet())) {
              Object at = Sql.utc(heard.get(gatewayId));
              update.setObject(1, at);
              update.setString(2, gatewayId);
              update.setObject(3, at);
              update.addBatch();
            }
            update.executeBatch();
          }
          return null;
        });
  }

  @Override
  public List<String> markOffline(Instant cutoff) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<String> silent = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT gateway_id FROM gateway_status WHERE online = TRUE AND last_seen < ?"
                      + " ORDER BY gateway_id")) {
            select.setObject(1, Sql.utc(cutoff));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                silent.add(rows.getString(1));
              }
            }
          }
          List<String> marked = new ArrayList<>();
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE gateway_status SET online = FALSE"
                      + " WHERE gateway_id = ? AND online = TRUE AND last_seen < ?")) {
            // Conditional again: another hub instance may have marked it, or heard it, meanwhile.
            for (String gatewayId : silent) {
              update.setString(1, gatewayId);
              update.setObject(2, Sql.utc(cutoff));
              if (update.executeUpdate() > 0) {
                marked.add(gatewayId);
              }
            }
          }
          return marked;
        });
  }

  @Override
  public List<KnownRoom> rooms() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT site, room_id, name FROM room ORDER BY site, room_id");
              ResultSet rows = select.executeQuery()) {
            List<KnownRoom> rooms = new ArrayList<>();
            while (rows.next()) {
              rooms.add(new KnownRoom(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
            return rooms;
          }
        });
  }

  @Override
  public List<KnownDevice> devices() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT gateway_id, device_id, site, device_type, room_id FROM device");
              ResultSet rows = select.executeQuery()) {
            List<KnownDevice> devices = new ArrayList<>();
            while (rows.next()) {
              devices.add(
                  new KnownDevice(
                      rows.getString(1),
                      rows.getString(2),
                      rows.getString(3),
                      rows.getString(4),
                      rows.getString(5)));
            }
            return devices;
          }
        });
  }
}
