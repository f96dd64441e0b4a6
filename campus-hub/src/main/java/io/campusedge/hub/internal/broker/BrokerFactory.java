package io.campusedge.hub.internal.broker;

import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.hub.internal.config.BrokerTlsConfig;
import io.campusedge.hub.internal.config.HubConfig;
import io.campusedge.hub.internal.config.IngestConfig;
import io.campusedge.hub.internal.config.ObserverSeed;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * The embedded broker by default; an external one with {@code campusedge.broker.embedded=false}.
 */
@Factory
public class BrokerFactory {

  @Singleton
  @Requires(property = "campusedge.broker.embedded", notEquals = "false")
  BrokerControl embeddedBroker(
      BrokerConfig config,
      Optional<BrokerTlsConfig> tls,
      HubConfig hub,
      Optional<ObserverSeed> observer,
      GatewayRegistry gateways,
      List<ForeignTopicAccess> foreignTopics,
      IngestConfig ingest) {
    return new EmbeddedHiveMqBroker(
        config,
        tls,
        hub,
        observer,
        gateways,
        foreignTopics,
        config.receiveMaximum(ingest.queueCapacity()));
  }

  @Singleton
  @Requires(property = "campusedge.broker.embedded", value = "false")
  BrokerControl externalBroker(BrokerConfig config) {
    return new ExternalBroker(config);
  }
}
