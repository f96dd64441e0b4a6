package io.campusedge.hub.internal.attendance;

import io.campusedge.hub.internal.config.AttendanceConfig;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.store.Sql;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes lessons once they have ended: the enrolled students without a mark are marked absent. Runs
 * every {@code close-interval} and looks back {@code catch-up-days}, so lessons that ended while
 * the hub was down are closed when it returns; lessons before their timetable entry was imported
 * are never closed (nobody could tap for them). With several hub instances, the session row decides
 * who closes (one UPDATE wins).
 */
@Context
@Singleton
public class SessionCloser {
  private static final Logger LOG = LoggerFactory.getLogger(SessionCloser.class);

  private final DataSource dataSource;
  private final RosterStore roster;
  private final AttendanceConfig config;
  private final LiveEvents events;
  private final ExportOutbox outbox;
  private final Clock clock;
  private final Set<String> closed = ConcurrentHashMap.newKeySet();
  private ScheduledFuture<?> task;

  @Inject
  public SessionCloser(
      DataSource dataSource,
      RosterStore roster,
      AttendanceConfig config,
      LiveEvents events,
      ExportOutbox outbox,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this(dataSource, roster, config, events, outbox, Clock.systemUTC());
    this.task =
        scheduler.scheduleWithFixedDelay(
            config.closeInterval(), config.closeInterval(), this::closeEndedSafely);
  }

  /** Not scheduled: the caller calls {@link #closeEnded}. */
  SessionCloser(
      DataSource dataSource,
      RosterStore roster,
      AttendanceConfig config,
      LiveEvents events,
      ExportOutbox outbox,
      Clock clock) {
    this.dataSource = dataSource;
    this.roster = roster;
    this.config = config;
    this.events = events;
    this.outbox = outbox;
    this.clock = clock;
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  private void closeEndedSafely() {
    try {
      closeEnded(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn(
          "Closing ended lessons failed ({}); next try in {}",
          e.toString(),
          config.closeInterval());
    }
  }

  /** Closes every ended, unclosed lesson up to {@code now}; returns how many it closed. */
  public int closeEnded(Instant now) {
    ZoneId zone = config.zone();
    LocalDate today = now.atZone(zone).toLocalDate();
    int count = 0;
    for (String site : roster.sitesWithTimetable()) {
      for (LocalDate day = today.minusDays(config.catchUpDays());
          !day.isAfter(today);
          day = day.plusDays(1)) {
        LocalDate date = day;
        List<TimetableEntry> due =
            Sql.inTransaction(
                dataSource, connection -> Attendance.entriesOn(connection, site, date));
        for (TimetableEntry entry : due) {
          Instant start = date.atTime(entry.start()).atZone(zone).toInstant();
          Instant end = date.atTime(entry.end()).atZone(zone).toInstant();
          String key = site + "\n" + entry.entryId() + "\n" + date;
          if (end.isAfter(now) || start.isBefore(entry.createdAt()) || closed.contains(key)) {
            continue;
          }
          if (close(site, entry, date, now)) {
            count++;
          }
          closed.add(key);
        }
      }
    }
    return count;
  }

  private boolean close(String site, TimetableEntry entry, LocalDate day, Instant now) {
    List<LiveEvent> absent = new ArrayList<>();
    boolean mine =
        Sql.inTransaction(
            dataSource,
            connection -> {
              if (Marks.dayLocked(connection, site, day)) {
                return false;
              }
              Marks.ensureSession(connection, site, entry, day, config.zone());
              if (!Marks.close(connection, site, entry.entryId(), day, now)) {
                return false;
              }
              markAbsent(connection, site, entry, day, now, absent);
              return true;
            });
    if (mine) {
      absent.forEach(events::publish);
      LOG.info(
          "Lesson {} of class {} on {} at {} closed: {} absent",
          entry.entryId(),
          entry.classId(),
          day,
          site,
          absent.size());
    }
    return mine;
  }

  private void markAbsent(
      Connection connection,
      String site,
      TimetableEntry entry,
      LocalDate day,
      Instant now,
      List<LiveEvent> absent)
      throws SQLException {
    Map<String, Mark> marks = Marks.marks(connection, site, entry.entryId(), day);
    for (Roster.Person student : RosterStore.studentsOn(connection, site, entry.classId(), day)) {
      if (marks.containsKey(student.sourcedId())) {
        continue;
      }
      Marks.put(
          connection,
          site,
          entry,
          day,
          student.sourcedId(),
          MarkStatus.ABSENT,
          Mark.Source.CLOSE,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          now);
      MarkEvents.markChanged(
          connection,
          outbox,
          ExportEventType.ATTENDANCE_MARKED,
          site,
          entry,
          day,
          student.sourcedId(),
          MarkStatus.ABSENT,
          Mark.Source.CLOSE,
          Optional.empty(),
          Optional.empty(),
          now);
      absent.add(
          new LiveEvent.AttendanceEvent(
              site,
              entry.roomId(),
              entry.classId(),
              entry.entryId(),
              day.toString(),
              student.sourcedId(),
              MarkStatus.ABSENT.name(),
              Mark.Source.CLOSE.name(),
              now.toString()));
    }
  }
}
