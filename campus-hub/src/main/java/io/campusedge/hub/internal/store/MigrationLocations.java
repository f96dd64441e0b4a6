package io.campusedge.hub.internal.store;

import io.micronaut.context.annotation.Value;
import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Points Flyway at the portable migrations plus the configured database's own folder. Flyway's
 * community edition has no vendor placeholder in locations; the URL tells which database it is.
 */
@Singleton
@Named("default")
public class MigrationLocations implements FlywayConfigurationCustomizer {
  private final String url;

  public MigrationLocations(@Value("${datasources.default.url}") String url) {
    this.url = url;
  }

  @Override
  public void customizeFluentConfiguration(FluentConfiguration configuration) {
    configuration.locations(Dialect.ofJdbcUrl(url).migrationLocations());
  }

  @Override
  public String getName() {
    return "default";
  }
}
