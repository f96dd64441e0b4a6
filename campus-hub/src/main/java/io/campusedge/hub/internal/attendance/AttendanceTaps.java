package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.alerts.AlertKind;
import io.campusedge.hub.internal.alerts.Alerts;
import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.StoredRecordHandler;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.Record;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a stored card tap into attendance, in the transaction that stores the tap: the reader's
 * room and the tap's local time find the lesson in the timetable; the card's holder, if enrolled in
 * that class as a student, is marked present (up to {@code grace} after the start) or late. A
 * reader in enrolment mode registers the card instead. Unknown cards, taps outside lessons and
 * cards of students not in the class raise alerts. Taps delivered late (a gateway that was offline)
 * still count: they replace the absence the lesson's end wrote; a teacher's correction is never
 * replaced.
 */
@Singleton
public class AttendanceTaps implements StoredRecordHandler {
  private final Cards cards;
  private final Alerts alerts;
  private final LiveEvents events;
  private final AttendanceConfig config;
  private final ExportOutbox outbox;

  public AttendanceTaps(
      Cards cards, Alerts alerts, LiveEvents events, AttendanceConfig config, ExportOutbox outbox) {
    this.cards = cards;
    this.alerts = alerts;
    this.events = events;
    this.config = config;
    this.outbox = outbox;
  }

  @Override
  public void stored(
      Connection connection,
      StoredRecordContext context,
      Record record,
      Consumer<Runnable> afterCommit)
      throws SQLException {
    if (!record.hasCardTap()) {
      return;
    }
    CardTap tap = record.getCardTap();
    String site = context.site();
    String cardRef = HexFormat.of().formatHex(tap.getCardRef().toByteArray());
    // An unsynchronised gateway clock cannot place a tap in a lesson; the hub's receipt time can.
    Instant at =
        record.getClock().getSynced() && tap.getSourceTimeMs() > 0
            ? Instant.ofEpochMilli(tap.getSourceTimeMs())
            : context.receivedAt();
    String reader = tap.getReaderId();
    if (cards.completeEnrolment(
        connection, site, reader, cardRef, tap.getKeyId(), context.receivedAt())) {
      return;
    }
    Optional<String> room = readerRoom(connection, site, context.gatewayId(), reader);
    Optional<String> holder = Cards.holder(connection, site, cardRef);
    if (holder.isEmpty()) {
      alerts.raise(
          connection,
          site,
          room,
          AlertKind.UNKNOWN_CARD,
          "card " + cardRef.substring(0, Math.min(8, cardRef.length())),
          "a card registered to nobody was tapped at reader "
              + reader
              + room.map(r -> " in room " + r).orElse("")
              + " at "
              + at,
          at,
          afterCommit);
      return;
    }
    if (room.isEmpty()) {
      alerts.raise(
          connection,
          site,
          Optional.empty(),
          AlertKind.READER_WITHOUT_ROOM,
          "reader " + reader,
          "gateway "
              + context.gatewayId()
              + " sent taps from reader "
              + reader
              + ", which it has not reported in a room; the taps cannot count for attendance",
          at,
          afterCommit);
      return;
    }
    ZoneId zone = config.zone();
    ZonedDateTime local = at.atZone(zone);
    LocalDate day = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    Optional<TimetableEntry> lesson = lessonAt(connection, site, room.get(), day, time);
    String userId = holder.get();
    if (lesson.isEmpty()) {
      alerts.raise(
          connection,
          site,
          room,
          AlertKind.TAP_OUTSIDE_SESSION,
          "reader " + reader,
          "user "
              + userId
              + " tapped in room "
              + room.get()
              + " at "
              + local.toLocalDateTime()
              + " with no lesson on",
          at,
          afterCommit);
      return;
    }
    TimetableEntry entry = lesson.get();
    Optional<String> role =
        RosterStore.enrollmentRole(connection, site, entry.classId(), userId, day);
    if (role.isEmpty()) {
      alerts.raise(
          connection,
          site,
          room,
          AlertKind.NOT_ENROLLED,
          "class " + entry.classId() + ": user " + userId,
          "user "
              + userId
              + " tapped in the lesson of class "
              + entry.classId()
              + " in room "
              + room.get()
              + " but is not enrolled in it",
          at,
          afterCommit);
      return;
    }
    if (!role.get().equals("student") || Marks.dayLocked(connection, site, day)) {
      return;
    }
    MarkStatus status =
        time.isAfter(entry.start().plus(config.grace())) ? MarkStatus.LATE : MarkStatus.PRESENT;
    Marks.ensureSession(connection, site, entry, day, zone);
    Optional<Mark> existing = Marks.mark(connection, site, entry.entryId(), day, userId);
    boolean write =
        existing.isEmpty()
            || existing.get().source() == Mark.Source.CLOSE
            || (existing.get().source() == Mark.Source.TAP
                && existing.get().tappedAt().map(at::isBefore).orElse(true));
    if (!write) {
      return;
    }
    Marks.put(
        connection,
        site,
        entry,
        day,
        userId,
        status,
        Mark.Source.TAP,
        Optional.of(at),
        Optional.empty(),
        Optional.empty(),
        context.receivedAt());
    MarkEvents.markChanged(
        connection,
        outbox,
        ExportEventType.ATTENDANCE_MARKED,
        site,
        entry,
        day,
        userId,
        status,
        Mark.Source.TAP,
        Optional.of(at),
        existing.map(Mark::status),
        context.receivedAt());
    LiveEvent event =
        new LiveEvent.AttendanceEvent(
            site,
            entry.roomId(),
            entry.classId(),
            entry.entryId(),
            day.toString(),
            userId,
            status.name(),
            Mark.Source.TAP.name(),
            at.toString());
    afterCommit.accept(() -> events.publish(event));
  }

  /** The lesson in the room whose window (start - early window .. end) holds the time. */
  private Optional<TimetableEntry> lessonAt(
      Connection connection, String site, String room, LocalDate day, LocalTime time)
      throws SQLException {
    for (TimetableEntry entry : RosterStore.timetable(connection, site, room, day.getDayOfWeek())) {
      boolean inWindow =
          !time.isBefore(entry.start().minus(config.earlyWindow())) && !time.isAfter(entry.end());
      if (inWindow && entry.heldOn(day, RosterStore.term(connection, site, entry.termId()))) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** The room of the reader as its gateway reported it. */
  private static Optional<String> readerRoom(
      Connection connection, String site, String gatewayId, String readerId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT room_id FROM device WHERE gateway_id = ? AND device_id = ? AND site = ?")) {
      select.setString(1, gatewayId);
      select.setString(2, readerId);
      select.setString(3, site);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    }
  }
}
