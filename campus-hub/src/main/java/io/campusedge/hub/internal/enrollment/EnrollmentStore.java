package io.campusedge.hub.internal.enrollment;

import io.campusedge.hub.internal.store.Sql;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code enrollment} table. */
@Singleton
public class EnrollmentStore {
  private static final String COLUMNS =
      "enrollment_id, site, room_id, gateway_id, created_by, created_at, expires_at, used_at,"
          + " revoked_at, secret_sha256";

  private final DataSource dataSource;

  public EnrollmentStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Enrollment create(
      EnrollmentSecret secret,
      String site,
      String room,
      String gatewayId,
      String createdBy,
      Instant createdAt,
      Instant expiresAt) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO enrollment (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,NULL,NULL,?)")) {
            insert.setString(1, secret.id());
            insert.setString(2, site);
            insert.setString(3, room);
            insert.setString(4, gatewayId);
            insert.setString(5, createdBy);
            insert.setObject(6, Sql.utc(createdAt));
            insert.setObject(7, Sql.utc(expiresAt));
            insert.setString(8, secret.sha256());
            return insert.executeUpdate();
          }
        });
    return new Enrollment(
        secret.id(),
        site,
        room,
        gatewayId,
        createdBy,
        createdAt,
        expiresAt,
        Optional.empty(),
        Optional.empty());
  }

  /** Tokens neither used, revoked nor expired at {@code now}, oldest first. */
  public List<Enrollment> pending(Instant now) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM enrollment WHERE used_at IS NULL AND revoked_at IS NULL"
                      + " AND expires_at > ? ORDER BY created_at, enrollment_id")) {
            select.setObject(1, Sql.utc(now));
            try (ResultSet rows = select.executeQuery()) {
              List<Enrollment> pending = new ArrayList<>();
              while (rows.next()) {
                pending.add(enrollment(rows));
              }
              return pending;
            }
          }
        });
  }

  public Optional<Enrollment> find(String id) {
    return Sql.inTransaction(dataSource, connection -> select(connection, id)).map(Row::enrollment);
  }

  /** Revokes a token not used yet; false if there is none, or it was used or revoked. */
  public boolean revoke(String id, Instant now) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE enrollment SET revoked_at = ?"
                      + " WHERE enrollment_id = ? AND used_at IS NULL AND revoked_at IS NULL")) {
            update.setObject(1, Sql.utc(now));
            update.setString(2, id);
            return update.executeUpdate() > 0;
          }
        });
  }

  /**
   * Marks the token used if its secret matches and it is still pending. The conditional update is
   * the one place that decides, so of two simultaneous exchanges exactly one wins.
   */
  public Claim claim(EnrollmentSecret secret, Instant now) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          Optional<Row> row = select(connection, secret.id());
          if (row.isEmpty() || !secret.matches(row.get().secretSha256())) {
            return new Claim.Unknown();
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE enrollment SET used_at = ? WHERE enrollment_id = ?"
                      + " AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?")) {
            update.setObject(1, Sql.utc(now));
            update.setString(2, secret.id());
            update.setObject(3, Sql.utc(now));
            if (update.executeUpdate() == 1) {
              return new Claim.Claimed(select(connection, secret.id()).orElseThrow().enrollment());
            }
          }
          Enrollment current = select(connection, secret.id()).orElseThrow().enrollment();
          Claim.Reason reason =
              current.usedAt().isPresent()
                  ? Claim.Reason.USED
                  : current.revokedAt().isPresent() ? Claim.Reason.REVOKED : Claim.Reason.EXPIRED;
          return new Claim.Refused(current, reason);
        });
  }

  /** Undoes a claim whose enrollment then failed, so the technician can try the token again. */
  public void release(String id) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE enrollment SET used_at = NULL WHERE enrollment_id = ?")) {
            update.setString(1, id);
            return update.executeUpdate();
          }
        });
  }

  private static Optional<Row> select(Connection connection, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM enrollment WHERE enrollment_id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(new Row(enrollment(row), row.getString(10)))
            : Optional.empty();
      }
    }
  }

  private static Enrollment enrollment(ResultSet row) throws SQLException {
    return new Enrollment(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        Sql.instant(row.getObject(6)),
        Sql.instant(row.getObject(7)),
        optionalInstant(row.getObject(8)),
        optionalInstant(row.getObject(9)));
  }

  private static Optional<Instant> optionalInstant(Object column) {
    return column == null ? Optional.empty() : Optional.of(Sql.instant(column));
  }

  private record Row(Enrollment enrollment, String secretSha256) {}
}
