package io.campusedge.hub.internal.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database settings under which a commit the hub has acked can be lost or torn when the database
 * server crashes; the gateway deletes what the hub acked, so such a loss is final. Warned about at
 * start, not refused: a demo or test server may choose speed (zonky's embedded PostgreSQL, used by
 * the tests, runs with fsync and synchronous_commit off). PostgreSQL 15 manual, 20.5 "Write Ahead
 * Log".
 */
@Singleton
public class DurabilityCheck {
  private static final Logger LOG = LoggerFactory.getLogger(DurabilityCheck.class);

  private final DataSource dataSource;

  public DurabilityCheck(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Logs one warning per risky setting; a database that cannot be asked is left to ingestion. */
  public void warnIfRisky() {
    try (Connection connection = dataSource.getConnection()) {
      for (String risk : risks(connection)) {
        LOG.warn("Database durability: {}", risk);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Could not read the database's durability settings: {}", e.toString());
    }
  }

  static List<String> risks(Connection connection) throws SQLException {
    if (Dialect.of(connection.getMetaData().getDatabaseProductName()) != Dialect.POSTGRESQL) {
      return List.of(); // only PostgreSQL's settings are checked
    }
    List<String> risks = new ArrayList<>();
    // Every other value (on, local, remote_write, remote_apply) waits for the local WAL flush.
    if (setting(connection, "synchronous_commit").equals("off")) {
      risks.add(
          "PostgreSQL synchronous_commit is off: the hub acks batches whose commit may not be on"
              + " disk yet, and a database crash loses them for good (the gateways have deleted"
              + " them); set synchronous_commit = on");
    }
    if (setting(connection, "fsync").equals("off")) {
      risks.add("PostgreSQL fsync is off: a crash can corrupt the database; set fsync = on");
    }
    if (setting(connection, "full_page_writes").equals("off")) {
      risks.add(
          "PostgreSQL full_page_writes is off: a crash can leave torn pages; set"
              + " full_page_writes = on");
    }
    return risks;
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getString(1).toLowerCase(Locale.ROOT);
      }
    }
  }
}
