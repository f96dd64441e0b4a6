package io.campusedge.hub.internal.export;

/** A delivery waits (PENDING), arrived (SENT) or gave up after the last try (DEAD). */
enum DeliveryState {
  PENDING,
  SENT,
  DEAD
}
