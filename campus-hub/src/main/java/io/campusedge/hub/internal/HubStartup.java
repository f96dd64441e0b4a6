package io.campusedge.hub.internal;

import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.hub.internal.config.GatewaySeed;
import io.campusedge.hub.internal.config.HubConfig;
import io.campusedge.hub.internal.config.IngestConfig;
import io.campusedge.hub.internal.config.ObserverSeed;
import io.campusedge.hub.internal.ingest.BrokerConnection;
import io.campusedge.hub.internal.ingest.GatewayOfflineCheck;
import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.internal.live.LiveState;
import io.campusedge.hub.internal.security.BootstrapAdmin;
import io.campusedge.hub.internal.store.DurabilityCheck;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.campusedge.hub.internal.store.StorageMaintenance;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the hub's parts in order (credentials, first admin, live state, broker, ingestion) when
 * the context starts, and stops them in reverse.
 */
@Context
public class HubStartup {
  private static final Logger LOG = LoggerFactory.getLogger(HubStartup.class);
  private static final Duration INGEST_READY_TIMEOUT = Duration.ofSeconds(15);

  private final HubConfig hub;
  private final BrokerConfig brokerConfig;
  private final List<GatewaySeed> gatewaySeeds;
  private final Optional<ObserverSeed> observer;
  private final GatewayRegistry registry;
  private final LiveState live;
  private final BrokerControl broker;
  private final BrokerConnection connection;
  private final IngestQueue queue;
  private final IngestConfig ingestConfig;
  private final GatewayOfflineCheck offlineCheck;
  private final StorageMaintenance storage;
  private final BootstrapAdmin bootstrapAdmin;
  private final DurabilityCheck durability;

  public HubStartup(
      HubConfig hub,
      BrokerConfig brokerConfig,
      List<GatewaySeed> gatewaySeeds,
      Optional<ObserverSeed> observer,
      GatewayRegistry registry,
      LiveState live,
      BrokerControl broker,
      BrokerConnection connection,
      IngestQueue queue,
      IngestConfig ingestConfig,
      GatewayOfflineCheck offlineCheck,
      StorageMaintenance storage,
      BootstrapAdmin bootstrapAdmin,
      DurabilityCheck durability) {
    this.hub = hub;
    this.brokerConfig = brokerConfig;
    this.gatewaySeeds = gatewaySeeds;
    this.observer = observer;
    this.registry = registry;
    this.live = live;
    this.broker = broker;
    this.connection = connection;
    this.queue = queue;
    this.ingestConfig = ingestConfig;
    this.offlineCheck = offlineCheck;
    this.storage = storage;
    this.bootstrapAdmin = bootstrapAdmin;
    this.durability = durability;
  }

  @PostConstruct
  void start() {
    LOG.info("Data directory: {}", hub.dataPath());
    seedGateways();
    bootstrapAdmin.createIfNoUsers();
    prepareStorage();
    durability.warnIfRisky();
    live.load();
    broker.start();
    connection.start(queue);
    offlineCheck.start();
    if (brokerConfig.embedded()) {
      awaitIngestReady();
    }
  }

  private void seedGateways() {
    for (GatewaySeed seed : gatewaySeeds) {
      if (observer.isPresent() && observer.get().username().equals(seed.id())) {
        throw new IllegalArgumentException(
            "campusedge.bootstrap.observer.username '"
                + seed.id()
                + "' is also a gateway id; choose another observer name");
      }
      registry.register(seed.id(), seed.site(), seed.password());
      LOG.info("Bootstrap gateway {} at site {} registered", seed.id(), seed.site());
    }
  }

  // Partitions for this month and the next exist before the first batch; if this fails,
  // readings still land (in the default partition) and the scheduled run tries again.
  private void prepareStorage() {
    try {
      storage.run();
    } catch (RuntimeException e) {
      LOG.warn("Storage maintenance at start-up failed: {}", e.getMessage(), e);
    }
  }

  // The embedded broker is local: ingestion not ready within seconds means a real fault.
  private void awaitIngestReady() {
    long deadline = System.nanoTime() + INGEST_READY_TIMEOUT.toNanos();
    while (!connection.isConnected() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (!connection.isConnected()) {
      LOG.warn("Ingestion is not connected to the embedded broker yet; see /health");
    }
  }

  // Unsubscribe first (with a shared subscription the other hubs get the group's messages from
  // now on), store and acknowledge what is queued, then disconnect.
  @PreDestroy
  void stop() {
    connection.stopReceiving();
    queue.close(ingestConfig.drainTimeout());
    offlineCheck.stop();
    connection.close();
    broker.stop();
  }
}
