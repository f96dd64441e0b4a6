package io.campusedge.hub.internal.alerts;

import io.campusedge.hub.internal.security.Role;

/** What an alert is about; its area decides who sees it, its severity how loud it is. */
public enum AlertKind {
  /** A card that is registered to nobody was tapped. */
  UNKNOWN_CARD(Area.ATTENDANCE, Severity.WARNING),
  /** A registered card was tapped where no lesson was on. */
  TAP_OUTSIDE_SESSION(Area.ATTENDANCE, Severity.INFO),
  /** A registered card was tapped in a lesson of a class its holder is not enrolled in. */
  NOT_ENROLLED(Area.ATTENDANCE, Severity.INFO),
  /** Taps from a reader the hub cannot place in a room (device not reported by its gateway). */
  READER_WITHOUT_ROOM(Area.FACILITY, Severity.WARNING),
  /** CO2 above the act level for a while: ventilate. */
  POOR_AIR(Area.ENVIRONMENT, Severity.WARNING),
  TOO_HOT(Area.ENVIRONMENT, Severity.WARNING),
  TOO_COLD(Area.ENVIRONMENT, Severity.WARNING),
  /** Relative humidity outside the band for a while. */
  HUMIDITY(Area.ENVIRONMENT, Severity.INFO),
  /** An empty room stays noisy: equipment or ventilation left running. */
  NOISE_EMPTY_ROOM(Area.ENVIRONMENT, Severity.INFO),
  /** A projector or board stays on in an empty room with no lesson: switch it off. */
  DISPLAY_LEFT_ON(Area.FACILITY, Severity.INFO),
  /** A device's readings have been BAD for a while (unplugged, broken, wrong address). */
  DEVICE_FAULT(Area.FACILITY, Severity.WARNING),
  /** A projector, board or other facility device reports an error (e.g. PJLink ERST lamp). */
  EQUIPMENT_FAULT(Area.FACILITY, Severity.WARNING),
  /** An asset's maintenance (last maintenance + interval) is past due. */
  MAINTENANCE_OVERDUE(Area.FACILITY, Severity.INFO),
  /** A lab instrument raised an alarm (OPC UA condition, alarm flag). */
  LAB_ALARM(Area.LAB, Severity.WARNING),
  /** A gateway is offline (its death message, or nothing heard for two heartbeats). */
  GATEWAY_OFFLINE(Area.FACILITY, Severity.CRITICAL),
  /** A gateway's disk is full: it keeps attendance in memory and drops telemetry. */
  OUTBOX_DISK_FULL(Area.FACILITY, Severity.CRITICAL),
  /** A gateway's outbox evicted (thinned) readings: it was offline longer than it can hold. */
  OUTBOX_EVICTING(Area.FACILITY, Severity.WARNING);

  /** Who handles it. */
  public enum Area {
    ATTENDANCE,
    ENVIRONMENT,
    FACILITY,
    LAB
  }

  /** How urgent. */
  public enum Severity {
    INFO,
    WARNING,
    CRITICAL
  }

  private final Area area;
  private final Severity severity;

  AlertKind(Area area, Severity severity) {
    this.area = area;
    this.severity = severity;
  }

  public Area area() {
    return area;
  }

  public Severity severity() {
    return severity;
  }

  /**
   * Administrators see every area; everyone the room's air and temperature; technicians facilities;
   * lab staff labs.
   */
  public boolean visibleTo(Role role) {
    return switch (area) {
      case ATTENDANCE -> role.isAdmin();
      case ENVIRONMENT -> true;
      case FACILITY -> role.isAdmin() || role == Role.TECHNICIAN;
      case LAB -> role.isAdmin() || role == Role.LAB_STAFF;
    };
  }
}
