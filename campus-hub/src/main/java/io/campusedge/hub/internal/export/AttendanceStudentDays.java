package io.campusedge.hub.internal.export;

import io.campusedge.hub.internal.attendance.Attendance;
import io.campusedge.hub.internal.attendance.RosterStore;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.security.Role;
import io.campusedge.hub.internal.store.Sql;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Daily attendance from {@link Attendance#daily}, with each student's national learner id. */
@Singleton
final class AttendanceStudentDays implements StudentDays {
  // The export reads every class of the day, as a sector admin would.
  private static final Caller EXPORT =
      new Caller("export-outbox", Caller.Kind.TOKEN, Role.SECTOR_ADMIN, Set.of());

  private final Attendance attendance;
  private final DataSource dataSource;

  AttendanceStudentDays(Attendance attendance, DataSource dataSource) {
    this.attendance = attendance;
    this.dataSource = dataSource;
  }

  @Override
  public List<StudentDay> on(String site, LocalDate date) {
    Map<String, String> learnerIds = learnerIds(site);
    return attendance.daily(EXPORT, site, date).stream()
        .map(
            d ->
                new StudentDay(
                    d.userId(), Optional.ofNullable(learnerIds.get(d.userId())), d.status()))
        .toList();
  }

  private Map<String, String> learnerIds(String site) {
    return Sql.inTransaction(dataSource, connection -> RosterStore.learnerIds(connection, site));
  }
}
