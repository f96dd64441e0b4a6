package io.campusedge.hub.internal.attendance;

/**
 * A student's mark for one lesson, named after the Ed-Fi attendance event categories: PRESENT (In
 * Attendance), LATE (Tardy), ABSENT (Unexcused Absence), EXCUSED (Excused Absence; only by
 * correction).
 */
public enum MarkStatus {
  PRESENT,
  LATE,
  ABSENT,
  EXCUSED
}
