package io.campusedge.simulators.bench;

import io.campusedge.hub.api.HubProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The hub bench's database: the hub's default H2 file, or a PostgreSQL 15 server started for the
 * run from the zonky Maven artifact (as root, zonky runs initdb and postgres through {@code unshare
 * -U}, as in the hub's tests). Stopped, and its data folder removed, when the bench ends.
 */
final class BenchDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private BenchDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static BenchDatabase start(String kind, Path dataDir, Map<String, String> settings)
      throws IOException {
    switch (kind) {
      case "h2":
        return new BenchDatabase(null);
      case "postgres":
        Files.createDirectories(dataDir);
        System.out.println(
            "  starting PostgreSQL 15 (embedded binaries) in " + dataDir + " " + settings);
        EmbeddedPostgres.Builder builder =
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(60))
                // A server for a benchmark, sized like a small school server's, not the defaults.
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_connections", "50")
                // zonky starts a test server: postgres -F (fsync off) and synchronous_commit=off,
                // so a commit returned before its WAL was on disk, and the hub acks after the
                // commit. A school server keeps PostgreSQL's defaults; so does the bench since
                // 2026-12-07 (these -c settings come after -F and win).
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        settings.forEach(builder::setServerConfig);
        return new BenchDatabase(builder.start());
      default:
        throw new IllegalArgumentException("--database must be h2 or postgres, not '" + kind + "'");
    }
  }

  /** The hub's data-source settings for this database (none for H2: the hub's default). */
  Map<String, Object> configure(Map<String, Object> properties) {
    if (postgres != null) {
      properties.put(HubProperties.DATASOURCE_URL, postgres.getJdbcUrl("postgres", "postgres"));
      properties.put(HubProperties.DATASOURCE_USERNAME, "postgres");
      properties.put(HubProperties.DATASOURCE_PASSWORD, "");
    }
    return properties;
  }

  /** PostgreSQL's WAL counters since the server started ({@code pg_stat_wal}, PostgreSQL 14+). */
  record Wal(long records, long fullPageImages, long bytes) {
    Wal minus(Wal before) {
      return new Wal(
          records - before.records, fullPageImages - before.fullPageImages, bytes - before.bytes);
    }

    /** Per stored reading, to compare with the bytes a reading keeps on disk. */
    String perReading(long readings) {
      if (readings <= 0) {
        return "WAL: nothing stored";
      }
      return String.format(
          "WAL %,d bytes (%.0f per reading), %,d records (%.2f per reading), %,d full-page images",
          bytes, (double) bytes / readings, records, (double) records / readings, fullPageImages);
    }
  }

  /** Empty on H2, or when the counters cannot be read (then the bench goes on without them). */
  Optional<Wal> wal() {
    if (postgres == null) {
      return Optional.empty();
    }
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal")) {
      row.next();
      return Optional.of(new Wal(row.getLong(1), row.getLong(2), row.getLong(3)));
    } catch (SQLException e) {
      System.out.println("  (WAL counters not read: " + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  @Override
  public void close() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }
}
