package io.campusedge.hub.internal.attendance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;

/** A class in a room every {@code weekday} from {@code start} to {@code end} (local times). */
record TimetableEntry(
    String entryId,
    String classId,
    String roomId,
    DayOfWeek weekday,
    LocalTime start,
    LocalTime end,
    Optional<String> termId,
    Instant createdAt) {

  TimetableEntry withCreatedAt(Instant created) {
    return new TimetableEntry(entryId, classId, roomId, weekday, start, end, termId, created);
  }

  boolean overlaps(TimetableEntry other) {
    return weekday == other.weekday && start.isBefore(other.end) && other.start.isBefore(end);
  }

  /** Held on {@code day}: its weekday, within its term if it has one ({@code termDates}). */
  boolean heldOn(LocalDate day, Optional<Roster.Term> term) {
    if (day.getDayOfWeek() != weekday) {
      return false;
    }
    return term.map(t -> !day.isBefore(t.start()) && !day.isAfter(t.end())).orElse(true);
  }
}
