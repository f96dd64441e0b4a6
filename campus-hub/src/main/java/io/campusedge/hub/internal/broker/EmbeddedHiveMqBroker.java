package io.campusedge.hub.internal.broker;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.hub.internal.config.BrokerTlsConfig;
import io.campusedge.hub.internal.config.HubConfig;
import io.campusedge.hub.internal.config.ObserverSeed;
import io.campusedge.hub.internal.store.GatewayRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HiveMQ CE running inside the hub's JVM, with the hub's authentication extension. */
public final class EmbeddedHiveMqBroker implements BrokerControl {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHiveMqBroker.class);
  // '$' cannot occur in a gateway id, so this user never collides with a gateway.
  private static final String HUB_USER = "$campusedge-hub";
  // HiveMQ CE sends a client at most min(the client's Receive Maximum, this) QoS 1 messages it has
  // not acknowledged yet (InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES, not in its XML
  // configuration). The hub acknowledges a message only after its group is committed, so 50 in
  // flight kept the hub's groups at ~36 single-reading messages and its rate at ~10-14k/s however
  // large its queue (measured 2026-12-07; docs/architecture.md, "Receive Maximum").
  static final int HIVEMQ_DEFAULT_DELIVERY_WINDOW = 50;

  private final BrokerConfig config;
  private final Optional<BrokerTlsConfig> tls;
  private final Path brokerDir;
  private final MqttCredentials hubCredentials;
  private final MqttUsers users;
  private final int deliveryWindow;
  private EmbeddedHiveMQ hiveMq;
  private volatile boolean running;

  EmbeddedHiveMqBroker(
      BrokerConfig config,
      Optional<BrokerTlsConfig> tls,
      HubConfig hub,
      Optional<ObserverSeed> observer,
      GatewayRegistry gateways,
      List<ForeignTopicAccess> foreignTopics,
      int hubReceiveMaximum) {
    if (!config.plainEnabled() && tls.isEmpty()) {
      throw new IllegalArgumentException(
          "campusedge.broker.plain-enabled=false leaves the embedded broker without a listener;"
              + " configure campusedge.broker.tls.keystore-path (and .keystore-password)");
    }
    this.config = config;
    this.tls = tls;
    this.brokerDir = hub.brokerPath();
    this.hubCredentials = new MqttCredentials(HUB_USER, randomPassword());
    this.users = new MqttUsers(hubCredentials, observer, gateways, foreignTopics);
    this.deliveryWindow = Math.max(HIVEMQ_DEFAULT_DELIVERY_WINDOW, hubReceiveMaximum);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    if (config.plainEnabled()) {
      ensurePortFree(config.port());
    }
    tls.ifPresent(listener -> ensurePortFree(listener.port()));
    // Lets the broker fill the hub's Receive Maximum (its ingest queue); every other client still
    // gets no more than it advertises. A static of HiveMQ's: set before it starts, one per JVM.
    InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = deliveryWindow;
    hiveMq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(writeConfig())
            .withDataFolder(directory("data"))
            .withExtensionsFolder(directory("extensions"))
            .withoutLoggingBootstrap()
            .withEmbeddedExtension(
                EmbeddedExtension.builder()
                    .withId("campusedge-hub-auth")
                    .withName("CampusEdge hub authentication")
                    .withVersion("1")
                    .withAuthor("CampusEdge")
                    .withPriority(1000)
                    .withStartPriority(1000)
                    .withExtensionMain(new HubBrokerExtension(users))
                    .build())
            .build();
    try {
      hiveMq.start().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Embedded MQTT broker did not start on " + listenAddress() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the embedded MQTT broker", e);
    }
    running = true;
    LOG.info(
        "Embedded MQTT broker (HiveMQ CE) listening on {}, state in {}",
        listenAddress(),
        brokerDir);
  }

  @Override
  public synchronized void stop() {
    if (hiveMq == null) {
      return;
    }
    running = false;
    try {
      hiveMq.stop().get(30, TimeUnit.SECONDS);
      hiveMq.close();
      LOG.info("Embedded MQTT broker stopped");
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Embedded MQTT broker did not stop cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hiveMq = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public URI clientUri() {
    return config.plainEnabled()
        ? URI.create("tcp://127.0.0.1:" + config.port())
        : URI.create("ssl://127.0.0.1:" + tls.orElseThrow().port());
  }

  /** The plain port, or the TLS port when plain is off. */
  @Override
  public int port() {
    return config.plainEnabled() ? config.port() : tls.orElseThrow().port();
  }

  /** Over TLS (plain off) the hub's clients trust exactly the broker's own certificates. */
  @Override
  public Optional<TrustManagerFactory> clientTrust() {
    if (config.plainEnabled()) {
      return Optional.empty();
    }
    BrokerTlsConfig listener = tls.orElseThrow();
    try (InputStream in = Files.newInputStream(listener.keystore())) {
      KeyStore keyStore = KeyStore.getInstance(KeyStore.getDefaultType());
      keyStore.load(in, listener.keystorePassword().toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keyStore);
      return Optional.of(trust);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "Cannot read the broker keystore " + listener.keystore() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public MqttCredentials hubCredentials() {
    return hubCredentials;
  }

  private String listenAddress() {
    String plain = config.plainEnabled() ? config.bindAddress() + ":" + config.port() : "";
    String secure =
        tls.map(listener -> config.bindAddress() + ":" + listener.port() + " (TLS)").orElse("");
    return (plain + " " + secure).strip();
  }

  private void ensurePortFree(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(config.bindAddress(), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Embedded MQTT broker cannot listen on "
              + config.bindAddress()
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); is another broker running? Set campusedge.broker.port or use"
              + " campusedge.broker.embedded=false with campusedge.broker.url",
          e);
    }
  }

  private Path writeConfig() {
    Path conf = directory("conf");
    try {
      Path file = conf.resolve("config.xml");
      Files.deleteIfExists(file);
      Files.createFile(file);
      ownerOnly(file); // may hold the keystore password
      Files.writeString(file, HiveMqConfigFile.render(config, tls));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write broker configuration in " + conf, e);
    }
    return conf;
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the data directory's own permissions apply
    }
  }

  private Path directory(String name) {
    Path dir = brokerDir.resolve(name);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create broker directory " + dir, e);
    }
  }

  /** A new secret at every start, held only in memory: only this process can log in as the hub. */
  private static String randomPassword() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
