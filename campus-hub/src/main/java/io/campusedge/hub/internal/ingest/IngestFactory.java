package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.config.IngestConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The ingest queue, sized from {@code campusedge.ingest}. Started and stopped by HubStartup. */
@Factory
public class IngestFactory {

  @Singleton
  IngestQueue ingestQueue(IngestConfig config, IngestDispatcher dispatcher) {
    return new IngestQueue(
        config.queueCapacity(),
        config.maxBatchesPerTransaction(),
        config.groupsInFlight(),
        dispatcher);
  }
}
