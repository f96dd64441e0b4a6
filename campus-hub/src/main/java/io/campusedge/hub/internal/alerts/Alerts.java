package io.campusedge.hub.internal.alerts;

import io.campusedge.hub.internal.attendance.RejectedException;
import io.campusedge.hub.internal.audit.AuditLog;
import io.campusedge.hub.internal.events.LiveEvent;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.export.ExportEventType;
import io.campusedge.hub.internal.export.ExportOutbox;
import io.campusedge.hub.internal.security.Caller;
import io.campusedge.hub.internal.store.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Alerts of every kind: raised inside the transaction of what caused them (one open alert per site,
 * kind and subject; a repeat counts up), published live after the commit, acknowledged or cleared
 * by users within their schools, audited.
 */
@Singleton
public class Alerts {
  private static final String COLUMNS =
      "alert_id, site, room_id, kind, subject, detail, occurrences, raised_at, last_seen_at, state,"
          + " acknowledged_by, acknowledged_at, cleared_at";

  private final DataSource dataSource;
  private final LiveEvents events;
  private final AuditLog audit;
  private final ExportOutbox outbox;

  public Alerts(DataSource dataSource, LiveEvents events, AuditLog audit, ExportOutbox outbox) {
    this.dataSource = dataSource;
    this.events = events;
    this.audit = audit;
    this.outbox = outbox;
  }

  /**
   * Raises (or counts a repeat of) an alert in the caller's transaction; the live event waits for
   * the commit.
   */
  public Alert raise(
      Connection connection,
      String site,
      Optional<String> roomId,
      AlertKind kind,
      String subject,
      String detail,
      Instant at,
      Consumer<Runnable> afterCommit)
      throws SQLException {
    Optional<Long> open = openId(connection, site, kind, subject);
    if (open.isPresent() && !countRepeat(connection, open.get(), detail, at)) {
      open = Optional.empty(); // cleared by another transaction meanwhile: a new alert
    }
    long id;
    if (open.isPresent()) {
      id = open.get();
    } else {
      // Another hub or parallel ingest transaction inserting the same open alert at once fails here
      // with a unique violation (V46) and its transaction is retried: then it finds this one.
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO alert (site, room_id, kind, severity, subject, open_subject, detail,"
                  + " occurrences, raised_at, last_seen_at, state)"
                  + " VALUES (?,?,?,?,?,?,?,1,?,?,'OPEN')",
              Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, site);
        insert.setString(2, roomId.orElse(null));
        insert.setString(3, kind.name());
        insert.setString(4, kind.severity().name());
        insert.setString(5, Sql.fitColumn(subject, 256));
        insert.setString(6, Sql.fitColumn(subject, 256));
        insert.setString(7, Sql.fitColumn(detail, 1024));
        insert.setObject(8, Sql.utc(at));
        insert.setObject(9, Sql.utc(at));
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
    }
    Alert alert = find(connection, id).orElseThrow();
    if (open.isEmpty()) {
      export(connection, ExportEventType.ALERT_RAISED, alert, at);
    }
    afterCommit.accept(() -> events.publish(event(alert)));
    return alert;
  }

  /**
   * Raises (or counts a repeat of) an alert in its own transaction; once more if another
   * transaction raised the same alert at the same moment.
   */
  public Alert raise(
      String site,
      Optional<String> roomId,
      AlertKind kind,
      String subject,
      String detail,
      Instant at) {
    List<Runnable> after = new ArrayList<>();
    Alert alert =
        Sql.inTransactionRetryingDuplicate(
            dataSource,
            connection -> {
              after.clear();
              return raise(connection, site, roomId, kind, subject, detail, at, after::add);
            });
    after.forEach(Runnable::run);
    return alert;
  }

  /** Counts a repeat of an alert if it is still open; false if it was cleared meanwhile. */
  private static boolean countRepeat(Connection connection, long id, String detail, Instant at)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE alert SET occurrences = occurrences + 1, last_seen_at = ?, detail = ?"
                + " WHERE alert_id = ? AND open_subject IS NOT NULL")) {
      update.setObject(1, Sql.utc(at));
      update.setString(2, Sql.fitColumn(detail, 1024));
      update.setLong(3, id);
      return update.executeUpdate() == 1;
    }
  }

  /**
   * Clears the open (or acknowledged) alert of this kind and subject, if any, because its cause is
   * gone; returns whether there was one.
   */
  public boolean clearResolved(String site, AlertKind kind, String subject, String why) {
    List<Runnable> after = new ArrayList<>();
    boolean cleared =
        Sql.inTransaction(
            dataSource,
            connection -> clearResolved(connection, site, kind, subject, why, after::add));
    after.forEach(Runnable::run);
    return cleared;
  }

  /** The same in the caller's transaction; the live event waits for the commit. */
  public boolean clearResolved(
      Connection connection,
      String site,
      AlertKind kind,
      String subject,
      String why,
      Consumer<Runnable> afterCommit)
      throws SQLException {
    Optional<Long> open = openId(connection, site, kind, subject);
    if (open.isEmpty()) {
      return false;
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE alert SET state = 'CLEARED', open_subject = NULL, cleared_at = ?, detail = ?"
                + " WHERE alert_id = ? AND open_subject IS NOT NULL")) {
      Alert before = find(connection, open.get()).orElseThrow();
      update.setObject(1, Sql.utc(Instant.now()));
      update.setString(2, Sql.fitColumn(before.detail() + "; cleared: " + why, 1024));
      update.setLong(3, open.get());
      if (update.executeUpdate() == 0) {
        return false; // cleared by another transaction meanwhile
      }
    }
    Alert after = find(connection, open.get()).orElseThrow();
    export(connection, ExportEventType.ALERT_CLEARED, after, Instant.now());
    afterCommit.accept(() -> events.publish(event(after)));
    return true;
  }

  /** Alerts of the caller's schools (or one) that the caller's role sees, newest first. */
  public List<Alert> list(
      Caller caller, Optional<String> site, Optional<Alert.State> state, int limit) {
    site.ifPresent(caller::requireSite);
    return Sql.inTransaction(
        dataSource,
        connection -> {
          StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alert WHERE 1 = 1");
          List<Object> args = new ArrayList<>();
          if (site.isPresent()) {
            sql.append(" AND site = ?");
            args.add(site.get());
          }
          if (state.isPresent()) {
            sql.append(" AND state = ?");
            args.add(state.get().name());
          }
          sql.append(" ORDER BY last_seen_at DESC, alert_id DESC");
          List<Alert> alerts = new ArrayList<>();
          try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              select.setObject(i + 1, args.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next() && alerts.size() < limit) {
                Alert alert = alert(rows);
                if (caller.canSee(alert.site()) && alert.kind().visibleTo(caller.role())) {
                  alerts.add(alert);
                }
              }
            }
          }
          return alerts;
        });
  }

  /** OPEN → ACKNOWLEDGED by the caller; 404 outside the caller's view, 409 if not open. */
  public Alert acknowledge(Caller caller, long id) {
    return transition(caller, id, Alert.State.ACKNOWLEDGED, "alert.acknowledge");
  }

  /** OPEN or ACKNOWLEDGED → CLEARED (the cause is dealt with). */
  public Alert clear(Caller caller, long id) {
    return transition(caller, id, Alert.State.CLEARED, "alert.clear");
  }

  private Alert transition(Caller caller, long id, Alert.State target, String action) {
    Alert changed =
        Sql.inTransaction(
            dataSource,
            connection -> {
              Alert alert =
                  find(connection, id)
                      .filter(a -> caller.canSee(a.site()) && a.kind().visibleTo(caller.role()))
                      .orElseThrow(() -> RejectedException.notFound("no alert " + id));
              if (alert.state() == Alert.State.CLEARED
                  || (target == Alert.State.ACKNOWLEDGED && alert.state() != Alert.State.OPEN)) {
                throw RejectedException.conflict(
                    "alert " + id + " is " + alert.state() + "; it cannot become " + target);
              }
              Instant now = Instant.now();
              String sql =
                  target == Alert.State.ACKNOWLEDGED
                      ? "UPDATE alert SET state = ?, acknowledged_by = ?, acknowledged_at = ?"
                          + " WHERE alert_id = ?"
                      : "UPDATE alert SET state = ?, open_subject = NULL, cleared_at = ?,"
                          + " acknowledged_by = COALESCE(acknowledged_by, ?) WHERE alert_id = ?";
              try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, target.name());
                if (target == Alert.State.ACKNOWLEDGED) {
                  update.setString(2, caller.auditName());
                  update.setObject(3, Sql.utc(now));
                } else {
                  update.setObject(2, Sql.utc(now));
                  update.setString(3, caller.auditName());
                }
                update.setLong(4, id);
                update.executeUpdate();
              }
              Alert after = find(connection, id).orElseThrow();
              if (target == Alert.State.CLEARED) {
                export(connection, ExportEventType.ALERT_CLEARED, after, now);
              }
              return after;
            });
    audit.record(
        caller.auditName(),
        action,
        "alert:" + id,
        List.of(changed.site()),
        Map.of("kind", changed.kind().name(), "subject", changed.subject()));
    events.publish(event(changed));
    return changed;
  }

  /**
   * Facility, environment and lab alerts go to the export outbox; attendance alerts stay in the hub
   * (their subjects name cards and users).
   */
  private void export(Connection connection, ExportEventType type, Alert alert, Instant at)
      throws SQLException {
    if (alert.kind().area() == AlertKind.Area.ATTENDANCE) {
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("site", alert.site());
    data.put("alertId", alert.id());
    alert.roomId().ifPresent(room -> data.put("room", room));
    data.put("kind", alert.kind().name());
    data.put("area", alert.kind().area().name());
    data.put("severity", alert.kind().severity().name());
    data.put("subject", alert.subject());
    data.put("state", alert.state().name());
    data.put("raisedAt", alert.raisedAt().toString());
    alert.clearedAt().ifPresent(cleared -> data.put("clearedAt", cleared.toString()));
    outbox.enqueue(connection, type, alert.site(), "alert:" + alert.id(), data, at);
  }

  // Served by alert_open_subject_uq (V46): ingestion runs it for every unknown card and rule step.
  static final String OPEN_ID =
      "SELECT alert_id FROM alert WHERE site = ? AND kind = ? AND open_subject = ?";

  private static Optional<Long> openId(
      Connection connection, String site, AlertKind kind, String subject) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(OPEN_ID)) {
      select.setString(1, site);
      select.setString(2, kind.name());
      select.setString(3, Sql.fitColumn(subject, 256));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  private static Optional<Alert> find(Connection connection, long id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM alert WHERE alert_id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(alert(row)) : Optional.empty();
      }
    }
  }

  private static Alert alert(ResultSet row) throws SQLException {
    return new Alert(
        row.getLong(1),
        row.getString(2),
        Optional.ofNullable(row.getString(3)),
        AlertKind.valueOf(row.getString(4)),
        row.getString(5),
        row.getString(6),
        row.getInt(7),
        Sql.instant(row.getObject(8)),
        Sql.instant(row.getObject(9)),
        Alert.State.valueOf(row.getString(10)),
        Optional.ofNullable(row.getString(11)),
        Optional.ofNullable(row.getObject(12)).map(Sql::instant),
        Optional.ofNullable(row.getObject(13)).map(Sql::instant));
  }

  private static LiveEvent.AlertEvent event(Alert alert) {
    return new LiveEvent.AlertEvent(
        alert.site(),
        alert.roomId().orElse(null),
        alert.id(),
        alert.kind().name(),
        alert.kind().severity().name(),
        alert.state().name(),
        alert.subject(),
        alert.occurrences(),
        alert.lastSeenAt().toString());
  }
}
