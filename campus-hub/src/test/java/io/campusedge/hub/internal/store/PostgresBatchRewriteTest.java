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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL driver's multi-row insert rewrite is switched on for the hub's data source, seen
 * in what a JDBC batch of inserts reports back (a rewritten batch reports no per-row counts), and
 * an operator's own choice or an H2 URL is left alone.
 */
class PostgresBatchRewriteTest {

  @Test
  void aBatchOfInsertsIsSentAsMultiRowInsertsOnPostgres() throws SQLException {
    HikariConfig config = config(TestPostgres.newDatabase().jdbcUrl());
    PostgresBatchRewrite.configure(config);

    assertThat(config.getDataSourceProperties()).containsEntry("reWriteBatchedInserts", "true");
    assertThat(insertEightRows(config)).containsOnly(Statement.SUCCESS_NO_INFO);
  }

  @Test
  void anOperatorsSettingInTheUrlIsKept() throws SQLException {
    HikariConfig config =
        config(TestPostgres.newDatabase().jdbcUrl() + "&reWriteBatchedInserts=false");
    PostgresBatchRewrite.configure(config);

    assertThat(config.getDataSourceProperties()).doesNotContainKey("reWriteBatchedInserts");
    assertThat(insertEightRows(config)).containsOnly(1).hasSize(8);
  }

  @Test
  void anOperatorsDataSourcePropertyIsKeptAndH2IsNotTouched() {
    HikariConfig postgres = config("jdbc:postgresql://db.school.local/campusedge");
    postgres.addDataSourceProperty("rewritebatchedinserts", "false");
    PostgresBatchRewrite.configure(postgres);
    HikariConfig h2 = config("jdbc:h2:mem:rewrite");
    PostgresBatchRewrite.configure(h2);

    assertThat(postgres.getDataSourceProperties())
        .containsOnlyKeys("rewritebatchedinserts")
        .containsEntry("rewritebatchedinserts", "false");
    assertThat(h2.getDataSourceProperties()).isEmpty();
    assertThat(PostgresBatchRewrite.applies(null, List.of())).isFalse();
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
