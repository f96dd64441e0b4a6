package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * On a new H2 database (no statistics yet) the minute-rollup UPDATE that ingestion runs per series
 * finds its row through all four key columns, not by scanning every series of that minute.
 */
class RollupUpdatePlanTest {

  @Test
  void theMinuteRollupUpdateLooksUpTheWholeKey() throws SQLException {
    DataSource dataSource = TestDatabase.migratedH2();
    String update =
        ReadingRollups.MINUTE_UPDATE
            .replaceFirst("\\?", "'ppm'")
            .replaceFirst("\\?", "1")
            .replaceFirst("\\?", "650.0")
            .replaceFirst("\\?", "650.0")
            .replaceFirst("\\?", "650.0")
            .replaceFirst("\\?", "'gw-1'")
            .replaceFirst("\\?", "'r1-climate'")
            .replaceFirst("\\?", "'co2'")
            .replaceFirst("\\?", "TIMESTAMP WITH TIME ZONE '2026-12-06 10:00:00+00'");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet plan = statement.executeQuery("EXPLAIN " + update)) {
      assertThat(plan.next()).isTrue();
      String indexComment = plan.getString(1).split("\\*/")[0];

      assertThat(indexComment)
          .contains("GATEWAY_ID = 'gw-1'")
          .contains("DEVICE_ID = 'r1-climate'")
          .contains("METRIC = 'co2'")
          .contains("BUCKET_START = TIMESTAMP WITH TIME ZONE");
    }
  }
}
