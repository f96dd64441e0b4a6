package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The {@code series} table: the number a reading row carries for its (gateway, device, metric).
 * Numbers are never changed or reused, so each is cached for the hub's life. Missing ones are
 * created before a group's transaction: a gateway's series are loaded at once the first time it is
 * met, and the group's new series inserted in one transaction (one commit, not one per series: a
 * fleet's first minute meets thousands). If another hub instance inserted one of them meanwhile,
 * they are inserted one by one instead, each loser of an insert reading the winner's number.
 */
final class SeriesIds {
  private final Map<Key, Long> ids = new ConcurrentHashMap<>();

  /** A series as the table stores it (see {@link Dialect#storable}). */
  record Key(String gatewayId, String deviceId, String metric) {
    static Key of(String gatewayId, Reading reading, Dialect dialect) {
      return new Key(
          dialect.storable(gatewayId),
          dialect.storable(reading.getDeviceId()),
          dialect.storable(reading.getMetric()));
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

  /** Loads, or creates, the numbers of {@code keys}. */
  void ensure(DataSource dataSource, Collection<Key> keys) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      Set<String> gateways = new HashSet<>();
      keys.forEach(key -> gateways.add(key.gatewayId()));
      load(connection, gateways);
      List<Key> missing = keys.stream().filter(key -> !ids.containsKey(key)).toList();
      if (missing.isEmpty()) {
        return;
      }
      try {
        connection.setAutoCommit(false);
        insert(connection, missing);
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        if (!Sql.isUniqueViolation(e)) {
          throw e;
        }
        connection.setAutoCommit(true);
        for (Key key : missing) {
          insertUnlessThere(connection, key);
        }
      } finally {
        connection.setAutoCommit(true);
      }
      load(connection, gateways);
      for (Key key : missing) {
        if (!ids.containsKey(key)) {
          throw new SQLException("series " + key + " neither found nor created");
        }
      }
    } catch (SQLException e) {
      throw new StoreException("Series lookup failed: " + e.getMessage(), e);
    }
  }

  private void load(Connection connection, Set<String> gateways) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT series_id, device_id, metric FROM series WHERE gateway_id = ?")) {
      for (String gateway : gateways) {
        select.setString(1, gateway);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ids.put(new Key(gateway, rows.getString(2), rows.getString(3)), rows.getLong(1));
          }
        }
      }
    }
  }

  private static void insert(Connection connection, List<Key> keys) throws SQLException {
    try (PreparedStatement insert = prepareInsert(connection)) {
      for (Key key : keys) {
        bind(insert, key);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insertUnlessThere(Connection connection, Key key) throws SQLException {
    try (PreparedStatement insert = prepareInsert(connection)) {
      bind(insert, key);
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
    }
  }

  private static PreparedStatement prepareInsert(Connection connection) throws SQLException {
    return connection.prepareStatement(
        "INSERT INTO series (gateway_id, device_id, metric) VALUES (?, ?, ?)");
  }

  private static void bind(PreparedStatement statement, Key key) throws SQLException {
    statement.setString(1, key.gatewayId());
    statement.setString(2, key.deviceId());
    statement.setString(3, key.metric());
  }
}
