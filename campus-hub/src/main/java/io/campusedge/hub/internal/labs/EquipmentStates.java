package io.campusedge.hub.internal.labs;

import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.StoredRecordHandler;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Record;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps one row per device that reports equipment events (lab instruments, projectors, boards): its
 * state and since when, the current run, the active alarm and the hours it has been operating. An
 * alarm raises LAB_ALARM for lab instruments and EQUIPMENT_FAULT for other devices, cleared with
 * the alarm. Events older than the newest one applied (a gateway that was offline) still count for
 * alarms and runs started, but never move the state backwards.
 */
@Singleton
public class EquipmentStates implements StoredRecordHandler {
  /** Driver types of lab instruments (device-drivers lab/opcua and lab/modbus). */
  public static final Set<String> LAB_TYPES = Set.of("opcua", "modbus-tcp");

  // equipment_state.alarm_message (V27)
  private static final int ALARM_MESSAGE = 512;

  /** States in which a device is not working: time in them is not operating time. */
  private static final Set<String> RESTING =
      Set.of("", "off", "idle", "standby", "stopped", "ready", "aborted", "unknown");

  private final Alerts alerts;
  private final ExportOutbox outbox;

  public EquipmentStates(Alerts alerts, ExportOutbox outbox) {
    this.alerts = alerts;
    this.outbox = outbox;
  }

  @Override
  public void stored(
      Connection connection,
      StoredRecordContext context,
      Record record,
      Consumer<Runnable> afterCommit)
      throws SQLException {
    if (!record.hasEquipmentEvent()) {
      return;
    }
    EquipmentEvent event = record.getEquipmentEvent();
    Instant at =
        record.getClock().getSynced() && event.getSourceTimeMs() > 0
            ? Instant.ofEpochMilli(event.getSourceTimeMs())
            : context.receivedAt();
    Key key = new Key(context.site(), context.gatewayId(), event.getDeviceId());
    Optional<Row> before = find(connection, key);
    Row row = before.orElseGet(() -> Row.first(at));
    boolean newest = !at.isBefore(row.lastEventAt);
    switch (event.getKind()) {
      case EQUIPMENT_EVENT_KIND_STATE_CHANGED -> {
        if (newest) {
          row.changeState(event.getState(), at);
          exportState(connection, key, event, at);
        }
      }
      case EQUIPMENT_EVENT_KIND_RUN_STARTED -> {
        row.runsStarted++;
        if (newest) {
          row.run(event.getRunId(), at);
        }
      }
      case EQUIPMENT_EVENT_KIND_RUN_STOPPED -> {
        if (newest) {
          row.run(null, at);
        }
      }
      case EQUIPMENT_EVENT_KIND_ALARM_RAISED -> {
        row.alarm(event.getAlarmCode(), severity(event), event.getMessage(), at);
        raise(connection, key, event, at, afterCommit);
      }
      case EQUIPMENT_EVENT_KIND_ALARM_CLEARED -> {
        row.alarm(null, null, null, null);
        alerts.clearResolved(
            connection,
            key.site(),
            alertKind(connection, key),
            subject(key, event.getAlarmCode()),
            "the device reported the alarm cleared at " + at,
            afterCommit);
      }
      default -> {
        return; // a kind this hub does not know: the record is stored, nothing to derive
      }
    }
    if (newest) {
      row.lastEventAt = at;
    }
    save(connection, key, row, before.isPresent());
  }

  private void raise(
      Connection connection,
      Key key,
      EquipmentEvent event,
      Instant at,
      Consumer<Runnable> afterCommit)
      throws SQLException {
    Optional<String> room = room(connection, key);
    String message = event.getMessage().isEmpty() ? event.getAlarmCode() : event.getMessage();
    alerts.raise(
        connection,
        key.site(),
        room,
        alertKind(connection, key),
        subject(key, event.getAlarmCode()),
        "device "
            + key.deviceId()
            + room.map(r -> " in room " + r).orElse("")
            + ": "
            + message
            + " ("
            + severity(event)
            + ")",
        at,
        afterCommit);
  }

  private void exportState(Connection connection, Key key, EquipmentEvent event, Instant at)
      throws SQLException {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", key.site());
    data.put("gatewayId", key.gatewayId());
    data.put("deviceId", key.deviceId());
    room(connection, key).ifPresent(room -> data.put("room", room));
    data.put("state", event.getState());
    data.put("previousState", event.getPreviousState());
    data.put("at", at.toString());
    outbox.enqueue(
        connection,
        ExportEventType.EQUIPMENT_STATUS_CHANGED,
        key.site(),
        "equipment:" + key.gatewayId() + "/" + key.deviceId(),
        data,
        at);
  }

  private static String subject(Key key, String alarmCode) {
    return "device " + key.deviceId() + " on " + key.gatewayId() + " alarm " + alarmCode;
  }

  private static String severity(EquipmentEvent event) {
    return event.getSeverity().name().replace("SEVERITY_", "");
  }

  static boolean operating(String state) {
    return !RESTING.contains(state == null ? "" : state.strip().toLowerCase(Locale.ROOT));
  }

  private static AlertKind alertKind(Connection connection, Key key) throws SQLException {
    return LAB_TYPES.contains(deviceColumn(connection, key, "device_type").orElse(""))
        ? AlertKind.LAB_ALARM
        : AlertKind.EQUIPMENT_FAULT;
  }

  private static Optional<String> room(Connection connection, Key key) throws SQLException {
    return deviceColumn(connection, key, "room_id").filter(room -> !room.isEmpty());
  }

  private static Optional<String> deviceColumn(Connection connection, Key key, String column)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + column + " FROM device WHERE gateway_id = ? AND device_id = ?")) {
      select.setString(1, key.gatewayId());
      select.setString(2, key.deviceId());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
      }
    }
  }

  private static Optional<Row> find(Connection connection, Key key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT state, state_since, run_id, run_started_at, runs_started, alarm_code,"
                + " alarm_severity, alarm_message, alarm_since, operating_seconds, last_event_at"
                + " FROM equipment_state WHERE gateway_id = ? AND device_id = ?")) {
      select.setString(1, key.gatewayId());
      select.setString(2, key.deviceId());
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        Row row = new Row();
        row.state = rows.getString(1);
        row.stateSince = instant(rows.getObject(2));
        row.runId = rows.getString(3);
        row.runStartedAt = instant(rows.getObject(4));
        row.runsStarted = rows.getLong(5);
        row.alarmCode = rows.getString(6);
        row.alarmSeverity = rows.getString(7);
        row.alarmMessage = rows.getString(8);
        row.alarmSince = instant(rows.getObject(9));
        row.operatingSeconds = rows.getLong(10);
        row.lastEventAt = Sql.instant(rows.getObject(11));
        return Optional.of(row);
      }
    }
  }

  private static void save(Connection connection, Key key, Row row, boolean exists)
      throws SQLException {
    String sql =
        exists
            ? "UPDATE equipment_state SET state = ?, state_since = ?, run_id = ?,"
                + " run_started_at = ?, runs_started = ?, alarm_code = ?, alarm_severity = ?,"
                + " alarm_message = ?, alarm_since = ?, operating_seconds = ?, last_event_at = ?,"
                + " site = ? WHERE gateway_id = ? AND device_id = ?"
            : "INSERT INTO equipment_state (state, state_since, run_id, run_started_at,"
                + " runs_started, alarm_code, alarm_severity, alarm_message, alarm_since,"
                + " operating_seconds, last_event_at, site, gateway_id, device_id)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    try (PreparedStatement write = connection.prepareStatement(sql)) {
      write.setString(1, row.state);
      write.setObject(2, utc(row.stateSince));
      write.setString(3, row.runId);
      write.setObject(4, utc(row.runStartedAt));
      write.setLong(5, row.runsStarted);
      write.setString(6, row.alarmCode);
      write.setString(7, row.alarmSeverity);
      write.setString(8, row.alarmMessage);
      write.setObject(9, utc(row.alarmSince));
      write.setLong(10, row.operatingSeconds);
      write.setObject(11, Sql.utc(row.lastEventAt));
      write.setString(12, key.site());
      write.setString(13, key.gatewayId());
      write.setString(14, key.deviceId());
      write.executeUpdate();
    }
  }

  private static Instant instant(Object column) {
    return column == null ? null : Sql.instant(column);
  }

  private static Object utc(Instant instant) {
    return instant == null ? null : Sql.utc(instant);
  }

  private record Key(String site, String gatewayId, String deviceId) {}

  /** A working copy of a device's row within one transaction; nulls are SQL NULLs. */
  private static final class Row {
    String state;
    Instant stateSince;
    String runId;
    Instant runStartedAt;
    long runsStarted;
    String alarmCode;
    String alarmSeverity;
    String alarmMessage;
    Instant alarmSince;
    long operatingSeconds;
    Instant lastEventAt;

    static Row first(Instant at) {
      Row row = new Row();
      row.lastEventAt = at;
      return row;
    }

    /** Banks the time spent in the state being left if it was an operating one. */
    void changeState(String next, Instant at) {
      if (stateSince != null && operating(state) && at.isAfter(stateSince)) {
        operatingSeconds += Duration.between(stateSince, at).toSeconds();
      }
      state = next;
      stateSince = at;
    }

    void run(String id, Instant at) {
      boolean running = id != null && !id.isEmpty();
      runId = running ? id : null;
      runStartedAt = running ? at : null;
    }

    void alarm(String code, String severity, String message, Instant since) {
      alarmCode = code;
      alarmSeverity = severity;
      // free text, cut to its column; the record's payload keeps it whole
      alarmMessage = Sql.fitColumn(message, ALARM_MESSAGE);
      alarmSince = since;
    }
  }
}
