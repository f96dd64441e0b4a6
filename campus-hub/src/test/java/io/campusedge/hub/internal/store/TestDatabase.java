package io.campusedge.hub.internal.store;

import io.campusedge.hub.testing.TestPostgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh database of either kind, with the hub's migrations applied. */
public enum TestDatabase {
  H2(Dialect.H2) {
    @Override
    public DataSource create() {
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      return dataSource;
    }
  },
  POSTGRESQL(Dialect.POSTGRESQL) {
    @Override
    public DataSource create() {
      return TestPostgres.newDatabase().dataSource();
    }
  };

  private final Dialect dialect;

  TestDatabase(Dialect dialect) {
    this.dialect = dialect;
  }

  public abstract DataSource create();

  public Dialect dialect() {
    return dialect;
  }

  public DataSource migrated() {
    DataSource dataSource = create();
    migrate(dataSource, null);
    return dataSource;
  }

  /** Migrates to {@code version}, or to the latest when it is null. */
  void migrate(DataSource dataSource, String version) {
    var flyway = Flyway.configure().dataSource(dataSource).locations(dialect.migrationLocations());
    if (version != null) {
      flyway.target(version);
    }
    flyway.load().migrate();
  }

  /** The H2 default, for tests that are not about the database. */
  static DataSource migratedH2() {
    return H2.migrated();
  }

  static long count(DataSource dataSource, String table) throws Exception {
    try (var connection = dataSource.getConnection();
        var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
