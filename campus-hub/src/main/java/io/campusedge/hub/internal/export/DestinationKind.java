package io.campusedge.hub.internal.export;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a destination of the export outbox is: a webhook (CloudEvents, any platform), an Ed-Fi
 * ODS/API (attendance events as Ed-Fi resources) or the sector database feed (batches of records).
 * Each kind takes the event types it can express; others get no delivery rows.
 */
public enum DestinationKind {
  WEBHOOK(EnumSet.allOf(ExportEventType.class)),
  EDFI(
      EnumSet.of(
          ExportEventType.ATTENDANCE_MARKED,
          ExportEventType.ATTENDANCE_CORRECTED,
          ExportEventType.ATTENDANCE_DAY_CLOSED)),
  SECTOR_FEED(
      EnumSet.of(
          ExportEventType.ATTENDANCE_MARKED,
          ExportEventType.ATTENDANCE_CORRECTED,
          ExportEventType.EQUIPMENT_STATUS_CHANGED,
          ExportEventType.ROOM_ENVIRONMENT_SUMMARY,
          ExportEventType.ATTENDANCE_STUDENT_DAY,
          ExportEventType.ATTENDANCE_CLASS_DAY,
          ExportEventType.FACILITY_ROOM_CHANGED,
          ExportEventType.FACILITY_EQUIPMENT_CHANGED,
          ExportEventType.ROOM_ENVIRONMENT_MONTHLY));

  private final Set<ExportEventType> supported;

  DestinationKind(Set<ExportEventType> supported) {
    this.supported = supported;
  }

  public Set<ExportEventType> supported() {
    return EnumSet.copyOf(supported);
  }
}
