package io.campusedge.simulators.bench;

import io.campusedge.hub.api.HubProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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

  @Override
  public void close() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }
}
