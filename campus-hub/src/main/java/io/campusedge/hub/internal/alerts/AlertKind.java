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
  READER_WITHOUT_ROOM(Area.FACILITY, Severity.WARNING);

  /** Who handles it. */
  public enum Area {
    ATTENDANCE,
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

  /** Administrators see every area; technicians facilities; lab staff labs; teachers none yet. */
  public boolean visibleTo(Role role) {
    return switch (area) {
      case ATTENDANCE -> role.isAdmin();
      case FACILITY -> role.isAdmin() || role == Role.TECHNICIAN;
      case LAB -> role.isAdmin() || role == Role.LAB_STAFF;
    };
  }
}
