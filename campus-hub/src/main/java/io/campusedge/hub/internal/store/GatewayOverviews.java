package io.campusedge.hub.internal.store;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Registered gateways joined with their status and the stream of their current epoch. */
@Singleton
public class GatewayOverviews {
  private final DataSource dataSource;

  public GatewayOverviews(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<GatewayOverview> list(Optional<String> site) {
    return Sql.inTransaction(
        dataSource,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT c.gateway_id, c.site, s.online, s.last_seen, s.software_version,"
                      + " s.epoch, st.upto_seq, st.gap_count, s.outbox_pending, s.outbox_oldest,"
                      + " s.clock_synced, s.clock_source, s.problems FROM gateway_credential c"
                      + " LEFT JOIN gateway_status s ON s.gateway_id = c.gateway_id"
                      + " LEFT JOIN gateway_stream st"
                      + " ON st.gateway_id = c.gateway_id AND st.epoch = s.epoch"
                      + (site.isPresent() ? " WHERE c.site = ?" : "")
                      + " ORDER BY c.site, c.gateway_id")) {
            if (site.isPresent()) {
              select.setString(1, site.get());
            }
            try (ResultSet rows = select.executeQuery()) {
              List<GatewayOverview> gateways = new ArrayList<>();
              while (rows.next()) {
                gateways.add(overview(rows));
              }
              return gateways;
            }
          }
        });
  }

  private static GatewayOverview overview(ResultSet row) throws SQLException {
    Object lastSeen = row.getObject(4);
    return new GatewayOverview(
        row.getString(1),
        row.getString(2),
        row.getBoolean(3),
        lastSeen == null ? Optional.empty() : Optional.of(Sql.instant(lastSeen)),
        Optional.ofNullable(row.getString(5)).filter(version -> !version.isEmpty()),
        optionalLong(row, 6),
        optionalLong(row, 7),
        optionalLong(row, 8),
        health(row));
  }

  private static GatewayOverview.Health health(ResultSet row) throws SQLException {
    Object oldest = row.getObject(10);
    boolean synced = row.getBoolean(11);
    Optional<Boolean> clockSynced = row.wasNull() ? Optional.empty() : Optional.of(synced);
    String problems = row.getString(13);
    return new GatewayOverview.Health(
        optionalLong(row, 9),
        oldest == null ? Optional.empty() : Optional.of(Sql.instant(oldest)),
        clockSynced,
        Optional.ofNullable(row.getString(12)).filter(source -> !source.isEmpty()),
        problems == null || problems.isEmpty() ? List.of() : List.of(problems.split("\n")));
  }

  private static Optional<Long> optionalLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(value);
  }
}
