package io.campusedge.hub.internal.history;

import io.campusedge.hub.internal.store.MetricValue;
import io.campusedge.hub.internal.store.ReadingQuality;
import io.campusedge.hub.internal.store.Sql;
import io.campusedge.hub.internal.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** An open history query: rows one at a time; holds a database connection until closed. */
public final class HistoryCursor implements AutoCloseable {
  private final Connection connection;
  private final PreparedStatement statement;
  private final ResultSet rows;
  private final Resolution resolution;
  private boolean closed;

  HistoryCursor(
      Connection connection, PreparedStatement statement, ResultSet rows, Resolution resolution) {
    this.connection = connection;
    this.statement = statement;
    this.rows = rows;
    this.resolution = resolution;
  }

  public Resolution resolution() {
    return resolution;
  }

  /** The next row, or empty at the end (the cursor then closes itself). */
  public Optional<HistoryPoint> next() {
    if (closed) {
      return Optional.empty();
    }
    try {
      if (!rows.next()) {
        close();
        return Optional.empty();
      }
      return Optional.of(resolution == Resolution.RAW ? raw() : rollup());
    } catch (SQLException e) {
      close();
      throw new StoreException("Reading history failed: " + e.getMessage(), e);
    }
  }

  private HistoryPoint.Source source() throws SQLException {
    return new HistoryPoint.Source(
        Optional.ofNullable(rows.getString(2)),
        Optional.ofNullable(rows.getString(3)),
        rows.getString(4),
        rows.getString(5),
        rows.getString(6),
        rows.getString(7));
  }

  private HistoryPoint raw() throws SQLException {
    Object number = rows.getObject(9);
    String reason = rows.getString(12);
    return new HistoryPoint.Raw(
        Sql.instant(rows.getObject(1)),
        source(),
        MetricValue.fromColumns(
            rows.getString(8),
            number == null ? null : ((Number) number).doubleValue(),
            rows.getString(10)),
        ReadingQuality.valueOf(rows.getString(11)),
        reason == null ? "" : reason);
  }

  private HistoryPoint rollup() throws SQLException {
    return new HistoryPoint.Rollup(
        Sql.instant(rows.getObject(1)),
        source(),
        rows.getLong(8),
        rows.getDouble(9),
        rows.getDouble(10),
        rows.getDouble(11));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      rows.close();
      statement.close();
    } catch (SQLException e) {
      // closing the connection below releases them too
    }
    closeQuietly(connection);
  }

  static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.rollback();
      connection.setReadOnly(false);
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      // the pool discards a broken connection
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing more to release
    }
  }
}
