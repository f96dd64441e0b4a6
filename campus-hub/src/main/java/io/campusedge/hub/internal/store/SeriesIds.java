package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The {@code series} table: the number a reading row carries for its (gateway, device, metric).
 * Numbers are never changed or reused, so each is cached for the hub's life after its first lookup.
 * Missing ones are created before a group's transaction, each in its own, so two hub instances
 * meeting a new series at once do not fail a group on the key: the loser of the insert reads the
 * winner's number.
 */
final class SeriesIds {
  private final Map<Key, Long> ids = new ConcurrentHashMap<>();

  /** A series as a reading names it. */
  record Key(String gatewayId, String deviceId, String metric) {
    static Key of(String gatewayId, Reading reading) {
      return new Key(gatewayId, reading.getDeviceId(), reading.getMetric());
    }

    /** Whether the series columns can hold it; a reading they cannot is not a reading row. */
    boolean fits() {
      return RecordColumns.fits(deviceId, RecordColumns.DEVICE_ID)
          && RecordColumns.fits(metric, RecordColumns.METRIC);
    }
  }

  boolean isKnown(Key key) {
    return ids.containsKey(key);
  }

  /** The series' number; {@link #ensure} has made it known. */
  long id(Key key) {
    Long id = ids.get(key);
    if (id == null) {
      throw new IllegalStateException("series not ensured: " + key);
    }
    return id;
  }

  /** Looks up, or creates, the numbers of {@code keys} not known yet. */
  void ensure(DataSource dataSource, Dialect dialect, Collection<Key> keys) {
    if (keys.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      for (Key key : keys) {
        if (!ids.containsKey(key)) {
          ids.put(key, lookUpOrCreate(connection, dialect, key));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("Series lookup failed: " + e.getMessage(), e);
    }
  }

  private static long lookUpOrCreate(Connection connection, Dialect dialect, Key key)
      throws SQLException {
    Long found = lookUp(connection, dialect, key);
    if (found != null) {
      return found;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO series (gateway_id, device_id, metric) VALUES (?, ?, ?)")) {
      bind(insert, dialect, key);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
    }
    found = lookUp(connection, dialect, key);
    if (found == null) {
      throw new SQLException("series " + key + " neither found nor created");
    }
    return found;
  }

  private static Long lookUp(Connection connection, Dialect dialect, Key key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT series_id FROM series WHERE gateway_id = ? AND device_id = ? AND metric = ?")) {
      bind(select, dialect, key);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : null;
      }
    }
  }

  private static void bind(PreparedStatement statement, Dialect dialect, Key key)
      throws SQLException {
    statement.setString(1, dialect.storable(key.gatewayId()));
    statement.setString(2, dialect.storable(key.deviceId()));
    statement.setString(3, dialect.storable(key.metric()));
  }
}
