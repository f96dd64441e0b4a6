package io.campusedge.hub.internal.facilities;

/** What a recorded room is used for. */
public enum RoomKind {
  CLASSROOM,
  LAB,
  HALL,
  OFFICE
}
