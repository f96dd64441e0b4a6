package io.campusedge.hub.internal.sparkplug;

import io.campusedge.hub.internal.HubStartup;
import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.config.GatewaysConfig;
import io.campusedge.hub.internal.ingest.Delivery;
import io.campusedge.hub.internal.ingest.GatewayLiveness;
import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.internal.ingest.MqttClients;
import io.campusedge.hub.internal.store.GatewayRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub as a Sparkplug B 3.0 host application, on its own MQTT session: its retained STATE birth
 * and death (Topics chapter, STATE; Operational Behavior, host application session), the groups of
 * the mapped edge nodes, and the rebirth commands {@link EdgeNodeSessions} asks for. What the
 * sessions accept goes into the hub's ingest queue as native messages.
 */
@Context
@Requires(property = "campusedge.sparkplug.enabled", value = "true")
public class SparkplugHost implements MqttCallback {
  private static final Logger LOG = LoggerFactory.getLogger(SparkplugHost.class);
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final Pattern OFFLINE = Pattern.compile("\"online\"\\s*:\\s*false");

  private final SparkplugConfig config;
  private final List<SparkplugEdgeNode> nodes;
  private final BrokerControl broker;
  private final IngestQueue queue;
  private final GatewayLiveness liveness;
  private final GatewayRegistry registry;
  private final long livenessPeriodMs;
  private final EdgeNodeSessions sessions;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "hub-sparkplug-host");
            thread.setDaemon(true);
            return thread;
          });
  private volatile MqttAsyncClient client;
  private volatile boolean closed;
  // The timestamp of this connection's STATE birth and of its will (they must match).
  private volatile long stateTimestamp;
  private long backoffMs = 1_000;

  // HubStartup first: the broker and the ingest queue run before the host connects.
  public SparkplugHost(
      SparkplugConfig config,
      List<SparkplugEdgeNode> nodes,
      HubStartup startup,
      BrokerControl broker,
      IngestQueue queue,
      GatewayLiveness liveness,
      GatewayRegistry registry,
      GatewaysConfig gateways) {
    this.config = config;
    this.nodes = List.copyOf(nodes);
    this.broker = broker;
    this.queue = queue;
    this.liveness = liveness;
    this.registry = registry;
    this.livenessPeriodMs = Math.max(1_000, gateways.heartbeatInterval().toMillis() / 2);
    this.sessions = new EdgeNodeSessions(this.nodes, Clock.systemUTC(), config.rebirthInterval());
  }

  @PostConstruct
  void start() {
    for (SparkplugEdgeNode node : nodes) {
      Optional<String> site = registry.find(node.gateway()).map(gateway -> gateway.site());
      if (site.isEmpty() || !site.get().equals(node.site())) {
        LOG.warn(
            "Sparkplug edge node {}/{} maps to gateway {} of site {}, which is not registered"
                + " there: enroll it (its credentials are the node's MQTT login), or its data is"
                + " rejected",
            node.group(),
            node.edgeNode(),
            node.gateway(),
            node.site());
      }
    }
    try {
      client =
          new MqttAsyncClient(
              broker.clientUri().toString(),
              "campusedge-spb-host-" + config.hostId(),
              new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException("Invalid broker URL " + broker.clientUri(), e);
    }
    client.setCallback(this);
    timer.execute(this::connect);
    timer.scheduleAtFixedRate(
        this::keepNodesAlive, livenessPeriodMs, livenessPeriodMs, TimeUnit.MILLISECONDS);
  }

  /** Counters of the edge-node sessions. */
  public EdgeNodeSessions.Stats stats() {
    return sessions.stats();
  }

  public boolean isConnected() {
    MqttAsyncClient current = client;
    return current != null && current.isConnected();
  }

  // A Sparkplug node reports by exception and may be silent for long; it is online until its death.
  private void keepNodesAlive() {
    sessions.onlineGateways().forEach(liveness::heard);
  }

  private void connect() {
    if (closed) {
      return;
    }
    stateTimestamp = System.currentTimeMillis();
    try {
      client.connect(options(stateTimestamp)).waitForCompletion(15_000);
      backoffMs = 1_000;
      subscribeThenBirth();
    } catch (MqttException e) {
      LOG.warn(
          "Sparkplug host cannot connect to {}: {}; retrying in {} ms",
          broker.clientUri(),
          e.getMessage(),
          backoffMs);
      timer.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
  }

  private MqttConnectionOptions options(long timestamp) {
    MqttConnectionOptions options = MqttClients.hubOptions(broker);
    // Sparkplug 3.0, STATE: the death is the will, retained, QoS 1, with the birth's timestamp.
    MqttMessage will = new MqttMessage(statePayload(false, timestamp), 1, true, null);
    options.setWill(SparkplugTopic.state(config.hostId()), will);
    return options;
  }

  // Subscriptions first, then the birth: edge nodes start publishing when they see it.
  private void subscribeThenBirth() throws MqttException {
    TreeSet<String> groups = new TreeSet<>();
    nodes.forEach(node -> groups.add(node.group()));
    MqttSubscription[] subscriptions = new MqttSubscription[groups.size() + 1];
    int i = 0;
    for (String group : groups) {
      subscriptions[i++] = new MqttSubscription(SparkplugTopic.groupFilter(group), 1);
    }
    subscriptions[i] = new MqttSubscription(SparkplugTopic.state(config.hostId()), 1);
    IMqttToken subscribed = client.subscribe(subscriptions, null, null, new MqttProperties());
    subscribed.waitForCompletion(10_000);
    for (int reasonCode : subscribed.getReasonCodes()) {
      if (reasonCode > 2) {
        LOG.error("Broker refused a Sparkplug host subscription (reason code {})", reasonCode);
      }
    }
    publishState(true);
    LOG.info(
        "Sparkplug host {} online on {} for groups {}",
        config.hostId(),
        broker.clientUri(),
        groups);
  }

  private void publishState(boolean online) throws MqttException {
    client
        .publish(
            SparkplugTopic.state(config.hostId()),
            new MqttMessage(statePayload(online, stateTimestamp), 1, true, null))
        .waitForCompletion(5_000);
  }

  static byte[] statePayload(boolean online, long timestamp) {
    return ("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    try {
      if (topic.equals(SparkplugTopic.state(config.hostId()))) {
        ownState(message.getPayload());
        return;
      }
      Optional<SparkplugTopic> parsed = SparkplugTopic.parse(topic);
      if (parsed.isEmpty()) {
        LOG.debug("Ignoring message on {}", topic);
        return;
      }
      for (EdgeNodeSessions.Action action : sessions.accept(parsed.get(), message.getPayload())) {
        perform(action);
      }
    } catch (RuntimeException e) {
      LOG.error("Sparkplug message on {} not handled", topic, e);
    }
  }

  // Sparkplug 3.0, Operational Behavior: a host that sees its own STATE say offline (a stale will)
  // while it is
  // connected publishes its birth again.
  private void ownState(byte[] payload) {
    String json = new String(payload, StandardCharsets.UTF_8);
    if (OFFLINE.matcher(json).find() && !closed) {
      timer.execute(
          () -> {
            try {
              publishState(true);
            } catch (MqttException e) {
              LOG.warn("Re-publishing the Sparkplug host STATE failed: {}", e.getMessage());
            }
          });
    }
  }

  private void perform(EdgeNodeSessions.Action action) {
    if (action instanceof EdgeNodeSessions.Ingest ingest) {
      queue.onMessage(
          new Delivery(ingest.topic(), ingest.payload(), Delivery.Acknowledgement.NONE));
    } else if (action instanceof EdgeNodeSessions.Command command) {
      try {
        client.publish(command.topic(), new MqttMessage(command.payload(), 0, false, null));
      } catch (MqttException e) {
        LOG.warn("Sending {} failed: {}", command.topic(), e.getMessage());
      }
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    if (closed) {
      return;
    }
    LOG.warn("Sparkplug host lost its broker connection: {}", response.getReasonString());
    timer.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
  }

  // The host's death before a clean disconnect (the will is not sent then).
  @PreDestroy
  void stop() {
    closed = true;
    timer.shutdownNow();
    MqttClients.closeQuietly(client, () -> publishState(false), LOG, "Sparkplug host");
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("Sparkplug host MQTT error: {}", exception.getMessage());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
