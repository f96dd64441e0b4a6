package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.campusedge.hub.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hub's data sources get the PostgreSQL driver's multi-row insert rewrite (seen in what a JDBC
 * batch of inserts reports back: a rewritten batch reports no per-row counts) and H2's larger
 * statement cache (seen in the session's settings); an operator's own choice is left alone.
 */
class DataSourceTuningTest {

  @Test
  void aBatchOfInsertsIsSentAsMultiRowInsertsOnPostgres() throws SQLException {
    HikariConfig config = config(TestPostgres.newDatabase().jdbcUrl());
    DataSourceTuning.configure(config);

    assertThat(config.getDataSourceProperties()).containsEntry("reWriteBatchedInserts", "true");
    assertThat(insertEightRows(config)).containsOnly(Statement.SUCCESS_NO_INFO);
  }

  @Test
  void anOperatorsSettingInTheUrlIsKept() throws SQLException {
    HikariConfig config =
        config(TestPostgres.newDatabase().jdbcUrl() + "&reWriteBatchedInserts=false");
    DataSourceTuning.configure(config);

    assertThat(config.getDataSourceProperties()).doesNotContainKey("reWriteBatchedInserts");
    assertThat(insertEightRows(config)).containsOnly(1).hasSize(8);
  }

  @Test
  void anOperatorsDataSourcePropertyIsKept() {
    HikariConfig postgres = config("jdbc:postgresql://db.school.local/campusedge");
    postgres.addDataSourceProperty("rewritebatchedinserts", "false");
    DataSourceTuning.configure(postgres);
    HikariConfig h2 = config("jdbc:h2:mem:kept;query_cache_size=16");
    DataSourceTuning.configure(h2);

    assertThat(postgres.getDataSourceProperties())
        .containsOnlyKeys("rewritebatchedinserts")
        .containsEntry("rewritebatchedinserts", "false");
    assertThat(h2.getDataSourceProperties()).isEmpty();
  }

  @Test
  void h2KeepsAHundredParsedStatementsPerConnection() throws SQLException {
    HikariConfig config = config("jdbc:h2:mem:" + UUID.randomUUID());
    config.setUsername("sa");
    DataSourceTuning.configure(config);

    try (HikariDataSource dataSource = new HikariDataSource(config);
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("100");
    }
  }

  private static HikariConfig config(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(TestPostgres.Database.USER);
    config.setMaximumPoolSize(1);
    return config;
  }

  /**
   * The counts a JDBC batch of eight inserts reports (the driver rewrites in blocks of powers of
   * two, so eight go as one statement); the eight rows must all be there.
   */
  private static int[] insertEightRows(HikariConfig config) throws SQLException {
    try (HikariDataSource dataSource = new HikariDataSource(config);
        Connection connection = dataSource.getConnection()) {
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE TABLE sample (id BIGINT PRIMARY KEY, name VARCHAR(16))");
      }
      int[] counts;
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO sample (id, name) VALUES (?, ?)")) {
        for (int id = 1; id <= 8; id++) {
          insert.setLong(1, id);
          insert.setString(2, "row " + id);
          insert.addBatch();
        }
        counts = insert.executeBatch();
      }
      try (Statement count = connection.createStatement();
          ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM sample")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(8);
      }
      return counts;
    }
  }
}
