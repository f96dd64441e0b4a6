package io.campusedge.drivers.lab.opcua;

import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the values of state, run and alarm points into equipment events on change. It remembers the
 * last good value per point across reconnects, so a session that comes back with the same state
 * raises nothing, and a BAD value (no usable value) neither raises nor clears anything.
 */
final class EquipmentTracker {
  private final String deviceId;
  private final Map<String, String> last = new HashMap<>();

  EquipmentTracker(String deviceId) {
    this.deviceId = deviceId;
  }

  /** The events a new good value of {@code point} raises (none for value points). */
  List<EquipmentEvent> update(OpcUaPoint point, UaValue value, long timeMs) {
    if (point.kind() == PointKind.VALUE || point.kind() == PointKind.ALARMS) {
      return List.of();
    }
    String now = point.kind() == PointKind.ALARM ? Boolean.toString(active(value)) : value.text();
    String before = last.put(point.metric(), now);
    if (now.equals(before)) {
      return List.of();
    }
    return switch (point.kind()) {
      case STATE -> List.of(stateChanged(point, before == null ? "" : before, now, timeMs));
      case RUN -> runChanged(point, before == null ? "" : before, now, timeMs);
      case ALARM -> alarmChanged(point, before, Boolean.parseBoolean(now), timeMs);
      case VALUE, ALARMS -> List.of();
    };
  }

  /**
   * The event an alarm condition event raises: ALARM_RAISED when the condition becomes active,
   * ALARM_CLEARED when it returns to inactive; repeats (a re-sent or acknowledged active alarm) and
   * an inactive condition never seen active raise nothing.
   */
  List<EquipmentEvent> alarmEvent(AlarmEvents.Notice n) {
    String key = n.point().metric() + "|" + n.code();
    String before = last.put(key, Boolean.toString(n.active()));
    if (Boolean.toString(n.active()).equals(before) || (before == null && !n.active())) {
      return List.of();
    }
    EquipmentEventKind kind =
        n.active()
            ? EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED
            : EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED;
    String message =
        n.message().isEmpty() ? (n.active() ? " active" : " cleared") : ": " + n.message();
    return List.of(
        base(n.timeMs(), kind)
            .setAlarmCode(n.code())
            .setSeverity(n.active() ? n.level() : Severity.SEVERITY_INFO)
            .setMessage(n.code() + message)
            .build());
  }

  /** How many conditions followed through {@code point}'s events are active now. */
  int activeAlarms(OpcUaPoint point) {
    String prefix = point.metric() + "|";
    return (int)
        last.entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix) && e.getValue().equals("true"))
            .count();
  }

  /** An alarm flag is active when true, or a non-zero number (some servers use 0/1). */
  private static boolean active(UaValue value) {
    if (value instanceof UaValue.Flag f) {
      return f.value();
    }
    if (value instanceof UaValue.Whole w) {
      return w.value() != 0;
    }
    if (value instanceof UaValue.Real r) {
      return r.value() != 0;
    }
    return value.text().equalsIgnoreCase("true") || value.text().equalsIgnoreCase("active");
  }

  private EquipmentEvent stateChanged(OpcUaPoint p, String before, String now, long timeMs) {
    return base(timeMs, EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED)
        .setState(now)
        .setPreviousState(before)
        .setSeverity(Severity.SEVERITY_INFO)
        .setMessage(p.metric() + " " + (before.isEmpty() ? "is " : "changed to ") + now)
        .build();
  }

  private List<EquipmentEvent> runChanged(OpcUaPoint p, String before, String now, long timeMs) {
    List<EquipmentEvent> events = new ArrayList<>();
    if (!before.isEmpty()) {
      events.add(
          base(timeMs, EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED)
              .setRunId(before)
              .setSeverity(Severity.SEVERITY_INFO)
              .setMessage("run " + before + " ended")
              .build());
    }
    if (!now.isEmpty()) {
      events.add(
          base(timeMs, EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED)
              .setRunId(now)
              .setSeverity(Severity.SEVERITY_INFO)
              .setMessage("run " + now + " started")
              .build());
    }
    return events;
  }

  private List<EquipmentEvent> alarmChanged(
      OpcUaPoint p, String before, boolean active, long timeMs) {
    if (before == null && !active) {
      return List.of(); // first sight of an inactive alarm: nothing happened
    }
    EquipmentEventKind kind =
        active
            ? EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED
            : EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED;
    return List.of(
        base(timeMs, kind)
            .setAlarmCode(p.alarmCode())
            .setSeverity(active ? p.severity() : Severity.SEVERITY_INFO)
            .setMessage(p.alarmCode() + (active ? " active" : " cleared"))
            .build());
  }

  private EquipmentEvent.Builder base(long timeMs, EquipmentEventKind kind) {
    return EquipmentEvent.newBuilder().setDeviceId(deviceId).setSourceTimeMs(timeMs).setKind(kind);
  }
}
