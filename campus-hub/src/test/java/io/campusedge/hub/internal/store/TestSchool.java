package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Room;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.time.DayOfWeek;
import java.time.LocalTime;
import javax.sql.DataSource;

/** A school's rooms, devices and timetable written straight into a test database. */
public final class TestSchool {
  private TestSchool() {}

  /** Gateway {@code gatewayId} of site s1 reports room {@code room} with one device in it. */
  public static void deviceInRoom(
      DataSource dataSource, String gatewayId, String room, String deviceId, String type) {
    new JdbcGatewayInventoryStore(dataSource)
        .apply(
            GatewayState.newBuilder()
                .setOnline(true)
                .setSite("s1")
                .setGatewayId(gatewayId)
                .setEpoch(1)
                .addRooms(Room.newBuilder().setId(room).setName(room))
                .addDevices(
                    DeviceInfo.newBuilder().setDeviceId(deviceId).setType(type).setRoomId(room))
                .build());
  }

  /** A timetable entry of class 10A1 at site s1, every {@code weekday}, with no term. */
  public static void lesson(
      DataSource dataSource,
      String entryId,
      String room,
      DayOfWeek weekday,
      LocalTime start,
      LocalTime end)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO timetable_entry (site, entry_id, class_id, room_id, weekday,"
                    + " start_time, end_time, term_id, created_at)"
                    + " VALUES ('s1', ?, '10A1', ?, ?, ?, ?, NULL, CURRENT_TIMESTAMP)")) {
      insert.setString(1, entryId);
      insert.setString(2, room);
      insert.setInt(3, weekday.getValue());
      insert.setTime(4, Time.valueOf(start));
      insert.setTime(5, Time.valueOf(end));
      insert.executeUpdate();
    }
  }
}
