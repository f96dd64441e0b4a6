package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.hub.internal.config.IngestConfig;
import io.campusedge.protos.v1.Topics;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
 * The hub's Paho MQTT 5 session. Acknowledgements are manual: a message is PUBACKed only once the
 * ingest queue has committed it. The hub advertises a Receive Maximum equal to the queue capacity.
 * With an external broker the session is persistent (stable client id, clean start off, session
 * expiry), so whatever was unacknowledged when a connection dropped is redelivered on the next. Its
 * own reconnect loop with backoff; subscriptions made again after every connect.
 */
@Singleton
public class PahoBrokerConnection implements BrokerConnection, MqttCallback {
  private static final Logger LOG = LoggerFactory.getLogger(PahoBrokerConnection.class);
  private static final long MAX_BACKOFF_MS = 30_000;

  private final BrokerControl broker;
  private final BrokerConfig config;
  private final HubClientId clientId;
  private final int receiveMaximum;
  private final String dataFilter;
  private final ScheduledExecutorService reconnects =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "hub-mqtt-connect");
            thread.setDaemon(true);
            return thread;
          });
  // Packet ids are per connection: an ack for a message of an earlier connection must not go out
  // on a later one (it could acknowledge another message). Counted up when a connection is lost,
  // before the next one is made, so messages arriving early on a new connection are not stale.
  private final AtomicLong connection = new AtomicLong();
  // Messages delivered on this connection and not acknowledged yet: never more than the Receive
  // Maximum if the broker keeps to it (MQTT 5, 4.9). Watched because Mosquitto 2.0.11 was seen not
  // to; the queue then makes Paho's thread wait rather than grow.
  private final AtomicInteger unacknowledged = new AtomicInteger();
  private final AtomicInteger maxUnacknowledged = new AtomicInteger();
  private final AtomicLong connectionLosses = new AtomicLong();
  private final AtomicBoolean receiveMaximumExceeded = new AtomicBoolean();
  // The hub's own QoS 1 publishes (acks) not yet acknowledged by the broker, kept to half the
  // broker's window (its Receive Maximum in CONNACK: Mosquitto 20, the embedded HiveMQ as
  // configured): with Mosquitto 2.0.11 a hub filling the window while its reader was held up by a
  // full queue was disconnected with a protocol error. Each ack covers every batch of its gateway
  // stored so far, so a group of N gateways needs N in flight to be acknowledged at once.
  private static final int MAX_PUBLISHES_IN_FLIGHT = 256;
  private final AtomicInteger publishesInFlight = new AtomicInteger();
  private volatile int publishWindow = 1;
  // A publish was refused for a full window: the next completed one tells the handler there is
  // room, so a waiting ack goes out then instead of at the ingest worker's next idle tick.
  private final AtomicBoolean publishRefused = new AtomicBoolean();
  private final MqttActionListener publishDone =
      new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          publishDone();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
          publishDone();
        }
      };
  private volatile MqttAsyncClient client;
  private volatile MessageHandler handler;
  private volatile boolean subscribed;
  private volatile boolean receiving = true;
  private volatile boolean closed;
  private long backoffMs = 1_000;

  public PahoBrokerConnection(
      BrokerControl broker, BrokerConfig config, IngestConfig ingest, HubClientId clientId) {
    this.broker = broker;
    this.config = config;
    this.clientId = clientId;
    this.receiveMaximum = config.receiveMaximum(ingest.queueCapacity());
    this.dataFilter =
        config.useSharedSubscription()
            ? Topics.sharedAllGateways(Topics.Kind.DATA)
            : Topics.allGateways(Topics.Kind.DATA);
  }

  @Override
  public synchronized void start(MessageHandler messageHandler) {
    if (client != null) {
      return;
    }
    this.handler = messageHandler;
    try {
      // Memory persistence: inbound QoS 1 state lives in the broker's session, not in files.
      client =
          new MqttAsyncClient(
              broker.clientUri().toString(), clientId.value(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException("Invalid broker URL " + broker.clientUri(), e);
    }
    client.setCallback(this);
    client.setManualAcks(true);
    reconnects.execute(this::connect);
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      IMqttToken connected = client.connect(options());
      connected.waitForCompletion(15_000);
      publishWindow = publishWindow(connected.getResponseProperties());
      backoffMs = 1_000;
    } catch (MqttException e) {
      LOG.warn(
          "Cannot connect to MQTT broker {}: {}; retrying in {} ms",
          broker.clientUri(),
          e.getMessage(),
          backoffMs);
      reconnects.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
  }

  /** Half the broker's Receive Maximum (65,535 when CONNACK leaves it out, MQTT 5 3.2.2.3.3). */
  static int publishWindow(MqttProperties connack) {
    Integer receiveMaximum = connack == null ? null : connack.getReceiveMaximum();
    int serverWindow = receiveMaximum == null ? 65_535 : receiveMaximum;
    return Math.max(1, Math.min(MAX_PUBLISHES_IN_FLIGHT, serverWindow / 2));
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions options = MqttClients.hubOptions(broker);
    boolean persistent = config.usePersistentSession();
    options.setCleanStart(!persistent);
    options.setSessionExpiryInterval(persistent ? config.sessionExpiry().toSeconds() : 0L);
    options.setReceiveMaximum(receiveMaximum);
    return options;
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    if (!receiving) {
      return;
    }
    MqttSubscription[] subscriptions = {
      new MqttSubscription(dataFilter, 1),
      new MqttSubscription(Topics.allGateways(Topics.Kind.STATE), 1),
      new MqttSubscription(Topics.allGateways(Topics.Kind.CMD_RESULT), 1)
    };
    try {
      client.subscribe(subscriptions, null, new SubscribeListener(), new MqttProperties());
    } catch (MqttException e) {
      LOG.warn("Subscribing to gateway topics failed: {}", e.getMessage());
    }
  }

  private final class SubscribeListener implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      for (int reasonCode : token.getReasonCodes()) {
        if (reasonCode > 2) {
          LOG.error("Broker refused a hub subscription (reason code {})", reasonCode);
          return;
        }
      }
      subscribed = true;
      LOG.info(
          "Ingesting {} from MQTT broker {} as {} (receive maximum {}, {} session)",
          dataFilter,
          broker.clientUri(),
          clientId.value(),
          receiveMaximum,
          config.usePersistentSession() ? "persistent" : "clean");
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
      LOG.warn("Subscribing to gateway topics failed: {}", failure.toString());
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    subscribed = false;
    connection.incrementAndGet();
    unacknowledged.set(0);
    publishesInFlight.set(0);
    if (closed) {
      return;
    }
    connectionLosses.incrementAndGet();
    LOG.warn(
        "Lost connection to MQTT broker: {} (reason code {}); reconnecting",
        response.getReasonString(),
        response.getReturnCode());
    reconnects.execute(this::connect);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    Delivery.Acknowledgement ack = Delivery.Acknowledgement.NONE;
    if (message.getQos() > 0) {
      ack = acknowledgement(message.getId(), message.getQos(), connection.get());
      countUnacknowledged();
    }
    try {
      handler.onMessage(new Delivery(topic, message.getPayload(), ack));
    } catch (RuntimeException e) {
      LOG.error("Message on {} not handled", topic, e);
    }
  }

  // Never below zero: a publish of a lost connection may complete after the count was reset.
  private void publishDone() {
    publishesInFlight.updateAndGet(count -> Math.max(0, count - 1));
    MessageHandler current = handler;
    if (current != null && publishRefused.compareAndSet(true, false)) {
      current.roomToPublish();
    }
  }

  private Delivery.Acknowledgement acknowledgement(int messageId, int qos, long onConnection) {
    return () -> {
      MqttAsyncClient current = client;
      if (connection.get() != onConnection || current == null || !current.isConnected()) {
        return; // the broker redelivers it on the next connection (persistent session)
      }
      unacknowledged.decrementAndGet();
      try {
        current.messageArrivedComplete(messageId, qos);
      } catch (MqttException e) {
        LOG.debug("Acknowledging message {} failed: {}", messageId, e.getMessage());
      }
    };
  }

  private void countUnacknowledged() {
    int now = unacknowledged.incrementAndGet();
    maxUnacknowledged.accumulateAndGet(now, Math::max);
    if (now > receiveMaximum && receiveMaximumExceeded.compareAndSet(false, true)) {
      LOG.warn(
          "MQTT broker {} sent {} unacknowledged messages, more than the Receive Maximum {} the"
              + " hub asked for; ingestion keeps going (the queue slows the client down)",
          broker.clientUri(),
          now,
          receiveMaximum);
    }
  }

  /** Most messages delivered and not yet acknowledged at one time, since start. */
  public int maxUnacknowledged() {
    return maxUnacknowledged.get();
  }

  /** Connections lost since start (not counting close). */
  public long connectionLosses() {
    return connectionLosses.get();
  }

  public boolean receiveMaximumExceeded() {
    return receiveMaximumExceeded.get();
  }

  public String clientId() {
    return clientId.value();
  }

  @Override
  public boolean isConnected() {
    MqttAsyncClient current = client;
    return subscribed && current != null && current.isConnected();
  }

  @Override
  public boolean publish(String topic, byte[] payload) {
    MqttAsyncClient current = client;
    if (current == null || !current.isConnected()) {
      LOG.debug("Not connected; message for {} not sent", topic);
      return false;
    }
    if (publishesInFlight.incrementAndGet() > publishWindow) {
      publishesInFlight.decrementAndGet();
      publishRefused.set(true);
      return false;
    }
    try {
      MqttMessage message = new MqttMessage(payload, 1, false, null);
      current.publish(topic, message, null, publishDone);
      return true;
    } catch (MqttException e) {
      publishesInFlight.decrementAndGet();
      publishRefused.set(true);
      // Typically the broker's window is full ("too many publishes in progress"); the caller
      // keeps the ack and tries again.
      LOG.debug("Publishing to {} failed: {}", topic, e.getMessage());
      return false;
    }
  }

  @Override
  public void stopReceiving() {
    receiving = false;
    if (!config.useSharedSubscription()) {
      // A lone hub keeps its subscription, so the broker queues for its session while it is away.
      return;
    }
    MqttAsyncClient current = client;
    if (current == null || !current.isConnected()) {
      return;
    }
    try {
      current.unsubscribe(dataFilter).waitForCompletion(3_000);
    } catch (MqttException e) {
      LOG.debug("Unsubscribing from {} failed: {}", dataFilter, e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    subscribed = false;
    reconnects.shutdownNow();
    MqttClients.closeQuietly(client, () -> {}, LOG, "ingestion MQTT");
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("MQTT error: {}", exception.getMessage());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
