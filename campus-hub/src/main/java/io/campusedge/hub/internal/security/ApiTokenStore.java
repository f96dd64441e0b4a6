package io.campusedge.hub.internal.security;

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

/** The {@code api_token} table. */
@Singleton
public class ApiTokenStore {
  private static final String COLUMNS =
      "token_id, name, role, sites, created_by, created_at, revoked_at, secret_sha256";

  private final DataSource dataSource;

  public ApiTokenStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public ApiToken create(
      ApiTokenSecret secret, String name, Role role, Set<String> sites, String createdBy) {
    Instant now = Instant.now();
    Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO api_token (" + COLUMNS + ") VALUES (?,?,?,?,?,?,NULL,?)")) {
            insert.setString(1, secret.id());
            insert.setString(2, name);
            insert.setString(3, role.name());
            insert.setString(4, SiteCodes.join(sites));
            insert.setString(5, createdBy);
            insert.setObject(6, Sql.utc(now));
            insert.setString(7, secret.sha256());
            return insert.executeUpdate();
          }
        });
    return new ApiToken(
        secret.id(), name, role, Set.copyOf(sites), createdBy, now, Optional.empty());
  }

  public List<ApiToken> list() {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT " + COLUMNS + " FROM api_token ORDER BY created_at, token_id");
              ResultSet rows = select.executeQuery()) {
            List<ApiToken> tokens = new ArrayList<>();
            while (rows.next()) {
              tokens.add(token(rows));
            }
            return tokens;
          }
        });
  }

  public Optional<ApiToken> find(String id) {
    return Sql.inTransaction(dataSource, connection -> select(connection, id)).map(Row::token);
  }

  /** The token whose bearer text this is, if it exists, matches and is not revoked. */
  public Optional<ApiToken> authenticate(ApiTokenSecret secret) {
    return Sql.inTransaction(dataSource, connection -> select(connection, secret.id()))
        .filter(row -> secret.matches(row.secretSha256()))
        .map(Row::token)
        .filter(token -> !token.revoked());
  }

  /** Marks the token revoked; false if there is none or it was revoked already. */
  public boolean revoke(String id) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE api_token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")) {
            update.setObject(1, Sql.utc(Instant.now()));
            update.setString(2, id);
            return update.executeUpdate() > 0;
          }
        });
  }

  private record Row(ApiToken token, String secretSha256) {}

  private static Optional<Row> select(Connection connection, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE token_id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(new Row(token(row), row.getString(8))) : Optional.empty();
      }
    }
  }

  private static ApiToken token(ResultSet row) throws SQLException {
    Object revokedAt = row.getObject(7);
    return new ApiToken(
        row.getString(1),
        row.getString(2),
        Role.parse(row.getString(3))
            .orElseThrow(() -> new IllegalStateException("unknown role in api_token")),
        SiteCodes.split(row.getString(4)),
        row.getString(5),
        Sql.instant(row.getObject(6)),
        revokedAt == null ? Optional.empty() : Optional.of(Sql.instant(revokedAt)));
  }
}
