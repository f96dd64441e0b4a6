package io.campusedge.agent.internal.outbox;

/** Priority class of a record; eviction by lane comes later, the column is there from the start. */
public enum Lane {
  ATTENDANCE,
  EVENTS,
  TELEMETRY;

  public String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
