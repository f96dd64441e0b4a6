package io.campusedge.hub.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One embedded PostgreSQL server per test JVM (binaries from the zonky Maven artifact), with a
 * fresh database per caller. As root (CI here), zonky itself starts initdb and postgres through
 * {@code unshare -U}, so they run as an unprivileged user and PostgreSQL accepts them.
 */
public final class TestPostgres {
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** A new, empty database on the shared server. */
  public static synchronized Database newDatabase() {
    EmbeddedPostgres postgres = server();
    String name = "hub_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name, e);
    }
    // As the hub runs (DataSourceTuning): JDBC batches of INSERTs go as multi-row INSERTs.
    PGSimpleDataSource dataSource = (PGSimpleDataSource) postgres.getDatabase("postgres", name);
    dataSource.setReWriteBatchedInserts(true);
    return new Database(postgres.getJdbcUrl("postgres", name), dataSource);
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
      } catch (IOException e) {
        throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "test-postgres-stop"));
    }
    return server;
  }

  private static synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      // the JVM is exiting; the temp directory goes with the machine's cleanup
    }
  }

  /** A database on the embedded server: its JDBC URL (user {@code postgres}, no password). */
  public record Database(String jdbcUrl, DataSource dataSource) {
    public static final String USER = "postgres";
  }
}
