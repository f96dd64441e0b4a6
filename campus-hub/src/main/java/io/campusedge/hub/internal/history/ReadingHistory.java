package io.campusedge.hub.internal.history;

import io.campusedge.hub.internal.store.HourlyRollups;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.StoreException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads history from the {@code reading} table or a rollup table, joined to the device inventory
 * for the room. Rows come through a cursor, so an export of many rows never sits in memory.
 */
@Singleton
public class ReadingHistory {
  private static final int FETCH_SIZE = 1_000;

  private final DataSource dataSource;
  private final HourlyRollups hourlyRollups;

  public ReadingHistory(DataSource dataSource, HourlyRollups hourlyRollups) {
    this.dataSource = dataSource;
    this.hourlyRollups = hourlyRollups;
  }

  /**
   * Opens a cursor over the query's rows in time order; the caller closes it. Hour rows are derived
   * from minute rows by a job; the range's pending minutes are rolled up first (usually the open
   * hour's, a few rows per series), so the answer includes everything stored before it.
   */
  public HistoryCursor open(ReadingQuery query) {
    if (query.resolution() == Resolution.HOUR) {
      hourlyRollups.catchUp(query.from(), query.to());
    }
    List<Object> parameters = new ArrayList<>();
    String sql = select(query, parameters);
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      // PostgreSQL streams with a fetch size only inside a transaction.
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      PreparedStatement statement = connection.prepareStatement(sql);
      statement.setFetchSize(FETCH_SIZE);
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      return new HistoryCursor(connection, statement, statement.executeQuery(), query.resolution());
    } catch (SQLException e) {
      HistoryCursor.closeQuietly(connection);
      throw new StoreException("Reading history failed: " + e.getMessage(), e);
    }
  }

  private static String select(ReadingQuery query, List<Object> parameters) {
    boolean raw = query.resolution() == Resolution.RAW;
    String time = raw ? "r.source_time" : "r.bucket_start";
    // A reading names its series by number (V50), joined as k; a rollup row names it itself.
    String k = raw ? "k" : "r";
    StringBuilder sql = new StringBuilder("SELECT ").append(time);
    sql.append(
        ", d.site, d.room_id, %1$s.gateway_id, %1$s.device_id, %1$s.metric, r.unit".formatted(k));
    sql.append(
        raw
            ? ", r.value_type, r.num_value, r.text_value, r.quality, r.quality_reason"
            : ", r.sample_count, r.value_min, r.value_max, r.value_sum");
    sql.append(" FROM ").append(query.resolution().table()).append(" r");
    if (raw) {
      sql.append(" JOIN series k ON k.series_id = r.series_id");
    }
    sql.append(
        " LEFT JOIN device d ON d.gateway_id = %1$s.gateway_id AND d.device_id = %1$s.device_id"
            .formatted(k));
    sql.append(" WHERE ").append(time).append(" >= ? AND ").append(time).append(" < ?");
    parameters.add(Sql.utc(query.from()));
    parameters.add(Sql.utc(query.to()));
    query.site().ifPresent(site -> condition(sql, parameters, "d.site", site));
    query.room().ifPresent(room -> condition(sql, parameters, "d.room_id", room));
    query.device().ifPresent(device -> condition(sql, parameters, k + ".device_id", device));
    query.metric().ifPresent(metric -> condition(sql, parameters, k + ".metric", metric));
    query.siteLimit().ifPresent(sites -> withinSites(sql, parameters, sites, k));
    sql.append(" ORDER BY %s, %2$s.gateway_id, %2$s.device_id, %2$s.metric".formatted(time, k));
    return sql.toString();
  }

  // The gateway's registered site is authoritative: the broker lets it publish only there.
  private static void withinSites(
      StringBuilder sql, List<Object> parameters, Set<String> sites, String series) {
    if (sites.isEmpty()) {
      sql.append(" AND 1 = 0");
      return;
    }
    sql.append(" AND ")
        .append(series)
        .append(".gateway_id IN (SELECT gateway_id FROM gateway_credential WHERE site IN (");
    sql.append(String.join(", ", Collections.nCopies(sites.size(), "?"))).append("))");
    parameters.addAll(sites);
  }

  private static void condition(
      StringBuilder sql, List<Object> parameters, String column, String value) {
    sql.append(" AND ").append(column).append(" = ?");
    parameters.add(value);
  }
}
