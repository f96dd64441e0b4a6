package io.campusedge.hub.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The two databases the hub supports, and the few statements that differ between them. */
public enum Dialect {
  H2("h2"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** Flyway locations: the portable migrations, then this database's own. */
  public String[] migrationLocations() {
    return new String[] {"classpath:db/migration", "classpath:db/vendor/" + folder};
  }

  /** The database a JDBC URL points to, e.g. {@code jdbc:postgresql://db/campusedge}. */
  public static Dialect ofJdbcUrl(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "datasources.default.url '"
            + url.replaceAll("password=[^&;]*", "password=***")
            + "' is neither H2 (jdbc:h2:) nor PostgreSQL (jdbc:postgresql:)");
  }

  public static Dialect of(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return of(connection.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new StoreException("Cannot reach the database: " + e.getMessage(), e);
    }
  }

  static Dialect of(String productName) {
    String name = productName.toLowerCase(Locale.ROOT);
    if (name.contains("h2")) {
      return H2;
    }
    if (name.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new IllegalStateException(
        "Unsupported database '" + productName + "': the hub runs on H2 or PostgreSQL 15+");
  }

  /**
   * Text as this database stores it: PostgreSQL text cannot hold NUL, which would fail the row (and
   * a gateway's batch would be resent for ever), so there it becomes U+FFFD, the replacement
   * character, like any undecodable character. Null stays null.
   */
  String storable(String text) {
    return this != POSTGRESQL || text == null || text.indexOf('\0') < 0
        ? text
        : text.replace('\0', '\uFFFD');
  }

  /** Deletes at most {@code limit} rows of {@code table} older than the one parameter. */
  String deleteOlderThan(String table, String timeColumn, int limit) {
    return switch (this) {
      case H2 ->
          "DELETE FROM "
              + table
              + " WHERE "
              + timeColumn
              + " < ? FETCH FIRST "
              + limit
              + " ROWS ONLY";
      // ctid alone is not unique across partitions; with tableoid it is.
      case POSTGRESQL ->
          "DELETE FROM "
              + table
              + " WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM "
              + table
              + " WHERE "
              + timeColumn
              + " < ? LIMIT "
              + limit
              + ")";
    };
  }

  /**
   * An ORDER BY term sorting text as Java's {@code String.compareTo} does (H2's default; byte order
   * on PostgreSQL, whose default collation may sort by locale), for locks taken in one order by
   * every hub instance.
   */
  String inJavaOrder(String column) {
    return switch (this) {
      case H2 -> column;
      case POSTGRESQL -> column + " COLLATE \"C\"";
    };
  }
}
