package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.config.IngestConfig;
import io.campusedge.hub.internal.store.Dialect;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The ingest queue, sized from {@code campusedge.ingest}. Started and stopped by HubStartup. */
@Factory
public class IngestFactory {

  @Singleton
  IngestQueue ingestQueue(
      IngestConfig config,
      IngestDispatcher dispatcher,
      @Value("${datasources.default.url}") String databaseUrl) {
    return new IngestQueue(
        config.queueCapacity(),
        config.maxBatchesPerTransaction(),
        config.workersFor(Dialect.ofJdbcUrl(databaseUrl)),
        dispatcher::newWorker);
  }
}
