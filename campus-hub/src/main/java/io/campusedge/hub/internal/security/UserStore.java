package io.campusedge.hub.internal.security;

import io.campusedge.hub.internal.store.PasswordHasher.PasswordHash;
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
import java.util.Set;
import javax.sql.DataSource;

/** The {@code user_account} table. */
@Singleton
public class UserStore {
  private static final String COLUMNS =
      "username, role, sites, password_hash, password_salt, hash_iterations, version,"
          + " failed_logins, locked_until, created_at, updated_at";

  private final DataSource dataSource;

  public UserStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public long count() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT COUNT(*) FROM user_account");
              ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
          }
        });
  }

  public Optional<UserAccount> find(String username) {
    return Sql.inTransaction(dataSource, connection -> find(connection, username));
  }

  public List<UserAccount> list() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT " + COLUMNS + " FROM user_account ORDER BY username");
              ResultSet rows = select.executeQuery()) {
            List<UserAccount> users = new ArrayList<>();
            while (rows.next()) {
              users.add(account(rows));
            }
            return users;
          }
        });
  }

  /** Adds a user; false if the name is taken. */
  public boolean create(String username, Role role, Set<String> sites, PasswordHash password) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          if (find(connection, username).isPresent()) {
            return false;
          }
          Instant now = Instant.now();
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO user_account (" + COLUMNS + ") VALUES (?,?,?,?,?,?,1,0,NULL,?,?)")) {
            insert.setString(1, username);
            insert.setString(2, role.name());
            insert.setString(3, SiteCodes.join(sites));
            insert.setString(4, password.hashText());
            insert.setString(5, password.saltText());
            insert.setInt(6, password.iterations());
            insert.setObject(7, Sql.utc(now));
            insert.setObject(8, Sql.utc(now));
            insert.executeUpdate();
          }
          return true;
        });
  }

  /**
   * Replaces role, sites and (when given) the password, clears any lock-out and moves the version
   * on, so access tokens issued before stop working; empty if there is no such user.
   */
  public Optional<UserAccount> update(
      String username, Role role, Set<String> sites, Optional<PasswordHash> password) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          String sql =
              "UPDATE user_account SET role = ?, sites = ?, version = version + 1,"
                  + " failed_logins = 0, locked_until = NULL, updated_at = ?"
                  + (password.isPresent()
                      ? ", password_hash = ?, password_salt = ?, hash_iterations = ?"
                      : "")
                  + " WHERE username = ?";
          try (PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            update.setString(i++, role.name());
            update.setString(i++, SiteCodes.join(sites));
            update.setObject(i++, Sql.utc(Instant.now()));
            if (password.isPresent()) {
              update.setString(i++, password.get().hashText());
              update.setString(i++, password.get().saltText());
              update.setInt(i++, password.get().iterations());
            }
            update.setString(i, username);
            if (update.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          return find(connection, username);
        });
  }

  public boolean delete(String username) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM user_account WHERE username = ?")) {
            delete.setString(1, username);
            return delete.executeUpdate() > 0;
          }
        });
  }

  /**
   * Counts a wrong password; the {@code maxFailures}-th in a row locks the user until {@code
   * lockUntil}. Returns the failures counted so far (0 if there is no such user).
   */
  public int loginFailed(String username, int maxFailures, Instant lockUntil) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE user_account SET failed_logins = failed_logins + 1"
                      + " WHERE username = ?")) {
            update.setString(1, username);
            if (update.executeUpdate() == 0) {
              return 0;
            }
          }
          int failures = find(connection, username).map(UserAccount::failedLogins).orElse(0);
          if (failures >= maxFailures) {
            try (PreparedStatement lock =
                connection.prepareStatement(
                    "UPDATE user_account SET failed_logins = 0, locked_until = ?"
                        + " WHERE username = ?")) {
              lock.setObject(1, Sql.utc(lockUntil));
              lock.setString(2, username);
              lock.executeUpdate();
            }
          }
          return failures;
        });
  }

  public void loginSucceeded(String username) {
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE user_account SET failed_logins = 0, locked_until = NULL"
                      + " WHERE username = ? AND (failed_logins <> 0 OR locked_until IS NOT NULL)")) {
            update.setString(1, username);
            update.executeUpdate();
          }
          return null;
        });
  }

  private static Optional<UserAccount> find(Connection connection, String username)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM user_account WHERE username = ?")) {
      select.setString(1, username);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(account(row)) : Optional.empty();
      }
    }
  }

  private static UserAccount account(ResultSet row) throws SQLException {
    Object lockedUntil = row.getObject(9);
    return new UserAccount(
        row.getString(1),
        Role.parse(row.getString(2))
            .orElseThrow(() -> new IllegalStateException("unknown role in user_account")),
        SiteCodes.split(row.getString(3)),
        PasswordHash.fromText(row.getString(4), row.getString(5), row.getInt(6)),
        row.getLong(7),
        row.getInt(8),
        lockedUntil == null ? Optional.empty() : Optional.of(Sql.instant(lockedUntil)),
        Sql.instant(row.getObject(10)),
        Sql.instant(row.getObject(11)));
  }
}
