package io.campusedge.hub.internal.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a user or API token may do; every role but SECTOR_ADMIN is limited to its schools. */
public enum Role {
  SECTOR_ADMIN,
  SCHOOL_ADMIN,
  TEACHER,
  TECHNICIAN,
  LAB_STAFF;

  // Role names as @Secured takes them (constants, so annotations can use them).
  public static final String SECTOR_ADMIN_NAME = "SECTOR_ADMIN";
  public static final String SCHOOL_ADMIN_NAME = "SCHOOL_ADMIN";
  public static final String TEACHER_NAME = "TEACHER";
  public static final String TECHNICIAN_NAME = "TECHNICIAN";
  public static final String LAB_STAFF_NAME = "LAB_STAFF";

  public boolean isAdmin() {
    return this == SECTOR_ADMIN || this == SCHOOL_ADMIN;
  }

  /** Rooms' live values and reading events. */
  public boolean seesRooms() {
    return true;
  }

  /** Readings history (JSON and CSV). */
  public boolean seesHistory() {
    return this != TECHNICIAN;
  }

  /** Gateways, ingestion counters, gateway events, metrics. */
  public boolean seesGateways() {
    return isAdmin() || this == TECHNICIAN;
  }

  public static Optional<Role> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String upper = name.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(role -> role.name().equals(upper)).findFirst();
  }

  /** The error text for a role name that is none of these. */
  public static String choices() {
    return Arrays.toString(values());
  }
}
