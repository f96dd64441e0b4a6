package io.campusedge.hub.internal.export;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an export event says happened; {@code filterName} is how subscriptions name it, {@code
 * cloudEventType} the CloudEvents {@code type} attribute receivers see.
 */
public enum ExportEventType {
  ATTENDANCE_MARKED("attendance.marked"),
  ATTENDANCE_CORRECTED("attendance.corrected"),
  ATTENDANCE_DAY_CLOSED("attendance.day.closed"),
  ALERT_RAISED("alert.raised"),
  ALERT_CLEARED("alert.cleared"),
  EQUIPMENT_STATUS_CHANGED("equipment.status.changed"),
  ROOM_ENVIRONMENT_SUMMARY("room.environment.summary"),
  ATTENDANCE_STUDENT_DAY("attendance.student.day"),
  ATTENDANCE_CLASS_DAY("attendance.class.day"),
  FACILITY_ROOM_CHANGED("facility.room.changed"),
  FACILITY_EQUIPMENT_CHANGED("facility.equipment.changed"),
  ROOM_ENVIRONMENT_MONTHLY("room.environment.monthly");

  private final String filterName;

  ExportEventType(String filterName) {
    this.filterName = filterName;
  }

  public String filterName() {
    return filterName;
  }

  public String cloudEventType() {
    return "io.campusedge." + filterName;
  }

  public static Optional<ExportEventType> parse(String filterName) {
    return Arrays.stream(values()).filter(t -> t.filterName.equals(filterName.strip())).findFirst();
  }
}
