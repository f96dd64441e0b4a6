package io.campusedge.hub.internal.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.store.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The open-alert lookup that ingestion runs per unknown card tap goes through the (site, kind, open
 * subject) index, not through all of a school's alerts.
 */
class AlertLookupPlanTest {

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void openAlertLookupUsesTheOpenSubjectIndex(TestDatabase database) throws SQLException {
    DataSource dataSource = database.migrated();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      // A school's history: many alerts, most of them cleared, a few of other kinds open.
      for (int i = 0; i < 500; i++) {
        statement.execute(
            "INSERT INTO alert (site, kind, severity, subject, open_subject, detail, occurrences,"
                + " raised_at, last_seen_at, state) VALUES ('THPT-01', '"
                + (i % 5 == 0 ? "CO2_HIGH" : "UNKNOWN_CARD")
                + "', 'WARNING', 'card:"
                + i
                + "', "
                + (i % 10 == 0 ? "'card:" + i + "'" : "NULL")
                + ", 'seen', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '"
                + (i % 10 == 0 ? "OPEN" : "CLEARED")
                + "')");
      }
      statement.execute("ANALYZE");
      String plan =
          explain(
              statement,
              Alerts.OPEN_ID
                  .replaceFirst("\\?", "'THPT-01'")
                  .replaceFirst("\\?", "'UNKNOWN_CARD'")
                  .replaceFirst("\\?", "'card:3f9a'"));

      assertThat(plan.toLowerCase(Locale.ROOT)).contains("alert_open_subject_uq");
    }
  }

  private static String explain(Statement statement, String query) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (ResultSet rows = statement.executeQuery("EXPLAIN " + query)) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
