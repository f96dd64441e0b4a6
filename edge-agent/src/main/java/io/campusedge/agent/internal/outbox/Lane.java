package io.campusedge.agent.internal.outbox;

/** Priority class of a record, highest first; eviction starts from the bottom, never attendance. */
public enum Lane {
  ATTENDANCE,
  EVENTS,
  TELEMETRY;

  public String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static Lane fromColumn(String column) {
    return valueOf(column.toUpperCase(java.util.Locale.ROOT));
  }
}
