package io.campusedge.hub.internal.store;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with the hub's migrations applied. */
final class TestDatabase {
  private TestDatabase() {}

  static DataSource migrated() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(dataSource).load().migrate();
    return dataSource;
  }

  static long count(DataSource dataSource, String table) throws Exception {
    try (var connection = dataSource.getConnection();
        var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
