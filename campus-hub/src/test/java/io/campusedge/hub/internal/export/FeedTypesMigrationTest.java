package io.campusedge.hub.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.store.Dialect;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V40: a sector feed created with every type the kind took then takes the new record kinds too; one
 * that chose types, and other kinds, keep theirs. On H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class FeedTypesMigrationTest {
  private static final String OLD_ALL =
      "ATTENDANCE_MARKED,ATTENDANCE_CORRECTED,EQUIPMENT_STATUS_CHANGED,ROOM_ENVIRONMENT_SUMMARY";

  @Parameter TestDatabase database;

  @Test
  void feedsThatTookEveryTypeTakeTheNewOnes() {
    DataSource dataSource = database.create();
    String[] locations = Dialect.of(dataSource).migrationLocations();
    Flyway.configure().dataSource(dataSource).locations(locations).target("33").load().migrate();
    insert(dataSource, "feed-all", "SECTOR_FEED", OLD_ALL);
    insert(dataSource, "feed-marks", "SECTOR_FEED", "ATTENDANCE_MARKED");
    insert(dataSource, "wh-all", "WEBHOOK", OLD_ALL);

    Flyway.configure().dataSource(dataSource).locations(locations).load().migrate();

    assertThat(types(dataSource))
        .containsExactly(
            "feed-all=" + WebhookSubscriptions.typesColumn(DestinationKind.SECTOR_FEED.supported()),
            "feed-marks=ATTENDANCE_MARKED",
            "wh-all=" + OLD_ALL);
  }

  private static void insert(DataSource dataSource, String id, String kind, String types) {
    Sql.inTransaction(
        dataSource,
        connection ->
            connection
                .createStatement()
                .executeUpdate(
                    "INSERT INTO webhook_subscription (subscription_id, url, event_types,"
                        + " secret_nonce, sealed_secret, enabled, created_by, created_at, kind)"
                        + " VALUES ('"
                        + id
                        + "', 'https://csdl.example/feed', '"
                        + types
                        + "', 'n', 's', TRUE, 'test', CURRENT_TIMESTAMP, '"
                        + kind
                        + "')"));
  }

  private static List<String> types(DataSource dataSource) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          List<String> rows = new ArrayList<>();
          try (var result =
              connection
                  .createStatement()
                  .executeQuery(
                      "SELECT subscription_id, event_types FROM webhook_subscription"
                          + " ORDER BY subscription_id")) {
            while (result.next()) {
              rows.add(result.getString(1) + "=" + result.getString(2));
            }
          }
          return rows;
        });
  }
}
