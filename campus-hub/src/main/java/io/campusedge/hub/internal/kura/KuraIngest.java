package io.campusedge.hub.internal.kura;

import io.campusedge.hub.internal.HubStartup;
import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.config.GatewaysConfig;
import io.campusedge.hub.internal.ingest.Delivery;
import io.campusedge.hub.internal.ingest.GatewayLiveness;
import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.internal.ingest.MqttClients;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * Subscribes to the configured Kura accounts on the hub's broker, on its own MQTT session, and
 * hands what {@link KuraSessions} makes of each message to the hub's ingest queue.
 */
@Context
@Requires(property = "campusedge.kura.enabled", value = "true")
public class KuraIngest implements MqttCallback {
  private static final Logger LOG = LoggerFactory.getLogger(KuraIngest.class);
  private static final long MAX_BACKOFF_MS = 30_000;

  private final List<KuraGateway> gateways;
  private final String controlPrefix;
  private final BrokerControl broker;
  private final IngestQueue queue;
  private final GatewayLiveness liveness;
  private final long livenessPeriodMs;
  private final KuraSessions sessions;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "hub-kura-ingest");
            thread.setDaemon(true);
            return thread;
          });
  private volatile MqttAsyncClient client;
  private volatile boolean subscribed;
  private volatile boolean closed;
  private long backoffMs = 1_000;

  // HubStartup first: the broker and the ingest queue run before this client connects.
  public KuraIngest(
      KuraConfig kura,
      List<KuraGateway> gateways,
      HubStartup startup,
      BrokerControl broker,
      IngestQueue queue,
      GatewayLiveness liveness,
      GatewaysConfig config) {
    this.gateways = List.copyOf(gateways);
    this.controlPrefix = kura.controlPrefix();
    this.broker = broker;
    this.queue = queue;
    this.liveness = liveness;
    this.livenessPeriodMs = Math.max(1_000, config.heartbeatInterval().toMillis() / 2);
    this.sessions = new KuraSessions(this.gateways, Clock.systemUTC());
  }

  @PostConstruct
  void start() {
    try {
      client =
          new MqttAsyncClient(
              broker.clientUri().toString(), "campusedge-kura-ingest", new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException("Invalid broker URL " + broker.clientUri(), e);
    }
    client.setCallback(this);
    timer.execute(this::connect);
    timer.scheduleAtFixedRate(
        () -> sessions.onlineGateways().forEach(liveness::heard),
        livenessPeriodMs,
        livenessPeriodMs,
        TimeUnit.MILLISECONDS);
  }

  public boolean isSubscribed() {
    return subscribed && client != null && client.isConnected();
  }

  public KuraSessions.Stats stats() {
    return sessions.stats();
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      client.connect(options()).waitForCompletion(15_000);
      backoffMs = 1_000;
      subscribe();
    } catch (MqttException e) {
      LOG.warn(
          "Kura ingestion cannot connect to {}: {}; retrying in {} ms",
          broker.clientUri(),
          e.getMessage(),
          backoffMs);
      timer.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
  }

  private MqttConnectionOptions options() {
    return MqttClients.hubOptions(broker);
  }

  // '#' never matches topics starting with '$' (MQTT 5, 4.7.2): the lifecycle topics are their own.
  private void subscribe() throws MqttException {
    List<MqttSubscription> subscriptions = new ArrayList<>();
    for (String account : KuraTopicAccess.accounts(gateways)) {
      subscriptions.add(new MqttSubscription(account + "/#", 1));
      subscriptions.add(new MqttSubscription(controlPrefix + "/" + account + "/+/MQTT/+", 1));
    }
    IMqttToken token =
        client.subscribe(
            subscriptions.toArray(MqttSubscription[]::new), null, null, new MqttProperties());
    token.waitForCompletion(10_000);
    for (int reasonCode : token.getReasonCodes()) {
      if (reasonCode > 2) {
        LOG.error("Broker refused a Kura subscription (reason code {})", reasonCode);
        return;
      }
    }
    subscribed = true;
    LOG.info(
        "Ingesting Kura accounts {} from {}",
        KuraTopicAccess.accounts(gateways),
        broker.clientUri());
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    try {
      Optional<KuraTopic> parsed = KuraTopic.parse(topic, controlPrefix);
      if (parsed.isEmpty()) {
        LOG.debug("Ignoring message on {}", topic);
        return;
      }
      for (KuraSessions.Ingest ingest : sessions.accept(parsed.get(), message.getPayload())) {
        queue.onMessage(
            new Delivery(ingest.topic(), ingest.payload(), Delivery.Acknowledgement.NONE));
      }
    } catch (RuntimeException e) {
      LOG.error("Kura message on {} not handled", topic, e);
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    subscribed = false;
    if (closed) {
      return;
    }
    LOG.warn("Kura ingestion lost its broker connection: {}", response.getReasonString());
    timer.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    closed = true;
    timer.shutdownNow();
    MqttClients.closeQuietly(client, () -> {}, LOG, "Kura");
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("Kura ingestion MQTT error: {}", exception.getMessage());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
