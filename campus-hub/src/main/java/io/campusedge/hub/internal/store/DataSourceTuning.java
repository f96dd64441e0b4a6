package io.campusedge.hub.internal.store;

import com.zaxxer.hikari.HikariConfig;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Driver settings the ingest transaction needs, added to the hub's data sources unless the operator
 * set them (in the URL or in {@code data-source-properties}). Measured on the hub bench (2 vCPUs,
 * everything on one machine):
 *
 * <ul>
 *   <li>PostgreSQL {@code reWriteBatchedInserts=true}: the driver sends a JDBC batch of inserts as
 *       multi-row {@code INSERT}s instead of one statement per row; 100-record batches 8,400 →
 *       19,400 readings/s.
 *   <li>H2 {@code QUERY_CACHE_SIZE=100}: H2 keeps 8 parsed statements per connection by default,
 *       fewer than one ingest transaction uses, so each was parsed again every time (about a sixth
 *       of the ingest worker's time).
 * </ul>
 */
@Singleton
public class DataSourceTuning implements BeanCreatedEventListener<DatasourceConfiguration> {
  static final String POSTGRES_BATCH_REWRITE = "reWriteBatchedInserts";
  static final String H2_QUERY_CACHE = "QUERY_CACHE_SIZE";
  static final String H2_QUERY_CACHE_ENTRIES = "100";

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    configure(event.getBean());
    return event.getBean();
  }

  static void configure(HikariConfig datasource) {
    String url = datasource.getJdbcUrl();
    if (url == null) {
      return;
    }
    if (url.startsWith("jdbc:postgresql:") && notSet(datasource, POSTGRES_BATCH_REWRITE)) {
      datasource.addDataSourceProperty(POSTGRES_BATCH_REWRITE, "true");
    } else if (url.startsWith("jdbc:h2:") && notSet(datasource, H2_QUERY_CACHE)) {
      datasource.addDataSourceProperty(H2_QUERY_CACHE, H2_QUERY_CACHE_ENTRIES);
    }
  }

  /** Neither in the URL ({@code name=}, any case) nor among the data source's properties. */
  static boolean notSet(HikariConfig datasource, String name) {
    if (datasource
        .getJdbcUrl()
        .toLowerCase(Locale.ROOT)
        .contains(name.toLowerCase(Locale.ROOT) + "=")) {
      return false;
    }
    for (String configured : datasource.getDataSourceProperties().stringPropertyNames()) {
      if (configured.equalsIgnoreCase(name)) {
        return false;
      }
    }
    return true;
  }
}
