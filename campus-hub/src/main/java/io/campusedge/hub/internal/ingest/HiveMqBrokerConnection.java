package io.campusedge.hub.internal.ingest;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.broker.MqttCredentials;
import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.hub.internal.config.IngestConfig;
import io.campusedge.protos.v1.Topics;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's ingestion session, on the HiveMQ MQTT client (MQTT 5). It replaced Paho 1.2.5 here
 * because Paho copies every received payload one byte at a time: on this project's bench that was
 * half of the hub's own CPU, and a bare Paho subscriber took 211k readings/s against 924k with this
 * client.
 *
 * <p>Acknowledgements are manual: a message is PUBACKed only once the ingest queue has committed
 * it. The client calls {@link MessageHandler#onMessage} on its event loop; a full ingest queue
 * blocks it there, so the client stops reading and TCP holds the broker back. The hub advertises a
 * Receive Maximum equal to the queue capacity. With an external broker the session is persistent
 * (stable client id, clean start off, session expiry): what was unacknowledged when a connection
 * dropped is redelivered on the next, and the client hands that redelivery to the hub as a new
 * delivery (dedup stores it once) while dropping the earlier delivery's acknowledgement, so no
 * PUBACK crosses connections. A short hub restart finds what the broker queued meanwhile. The
 * client's reconnector retries with backoff; subscriptions are made again after every connect.
 */
@Singleton
public class HiveMqBrokerConnection implements BrokerConnection {
  private static final Logger LOG = LoggerFactory.getLogger(HiveMqBrokerConnection.class);
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final int MAX_RECEIVE_MAXIMUM = 65_535;
  // The hub's own QoS 1 publishes (acks) not yet acknowledged by the broker, kept to half the
  // broker's window (its Receive Maximum in CONNACK: Mosquitto 20, the embedded HiveMQ as
  // configured): with Mosquitto 2.0.11 a hub filling the window while its reader was held up by a
  // full queue was disconnected with a protocol error. Each ack covers every batch of its gateway
  // stored so far, so a group of N gateways needs N in flight to be acknowledged at once. The
  // client would queue more without bound; this keeps the waiting acks in the ingest worker, which
  // keeps only the newest per stream.
  private static final int MAX_PUBLISHES_IN_FLIGHT = 256;

  private final BrokerControl broker;
  private final BrokerConfig config;
  private final HubClientId clientId;
  private final String dataFilter;
  // What the hub advertises. Grows (doubles) when a broker sends past it, see disconnected().
  private volatile int receiveMaximum;
  // Messages delivered on this connection and not acknowledged yet: never more than the Receive
  // Maximum if the broker keeps to it (MQTT 5, 4.9).
  private final AtomicInteger unacknowledged = new AtomicInteger();
  private final AtomicInteger maxUnacknowledged = new AtomicInteger();
  private final AtomicLong connectionLosses = new AtomicLong();
  private final AtomicBoolean receiveMaximumExceeded = new AtomicBoolean();
  private final AtomicInteger publishesInFlight = new AtomicInteger();
  private volatile int publishWindow = 1;
  // A publish was refused for a full window: the next completed one tells the handler there is
  // room, so a waiting ack goes out then instead of at the ingest worker's next idle tick.
  private final AtomicBoolean publishRefused = new AtomicBoolean();
  private volatile Mqtt5AsyncClient client;
  private ExecutorService eventLoop;
  private volatile MessageHandler handler;
  private volatile boolean subscribed;
  private volatile boolean receiving = true;
  private volatile boolean closed;
  // Set by the connected listener, read and cleared by the disconnected one (one at a time).
  private volatile boolean lastConnectSucceeded;
  private volatile long backoffMs = 1_000;

  public HiveMqBrokerConnection(
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
    // Its own event-loop thread: the client's default group is shared by every client in the JVM,
    // and this one's callback blocks while the ingest queue is full, which must not stall another
    // hub's client (two hubs in one JVM in tests) or any later client.
    eventLoop =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "hub-mqtt-" + clientId.value());
              thread.setDaemon(true);
              return thread;
            });
    client =
        builder(broker, clientId.value())
            .executorConfig()
            .nettyExecutor(eventLoop)
            .nettyThreads(1)
            .applyExecutorConfig()
            .addConnectedListener(this::connected)
            .addDisconnectedListener(this::disconnected)
            .buildAsync();
    // A global flow outlives connections; with manual acknowledgement the client PUBACKs a message
    // only when acknowledge() is called for it.
    client.publishes(MqttGlobalPublishFilter.ALL, this::messageArrived, true);
    client
        .connect(connectMessage())
        .whenComplete(
            (connAck, failure) -> {
              if (failure != null) {
                LOG.debug("First connect attempt failed: {}", failure.toString());
              }
            });
  }

  /**
   * A client for the hub's broker: its address, TLS with the broker's trust (host names unchecked,
   * the trust is that broker's own certificates) or the JVM's for an external {@code ssl://}
   * broker, 10 s socket and MQTT connect timeouts. Netty turns Nagle off.
   */
  static Mqtt5ClientBuilder builder(BrokerControl broker, String identifier) {
    URI uri = broker.clientUri();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = scheme.equals("ssl") || scheme.equals("wss");
    boolean webSocket = scheme.equals("ws") || scheme.equals("wss");
    if (!tls && !webSocket && !scheme.equals("tcp")) {
      throw new IllegalStateException(
          "Unsupported MQTT broker URL " + uri + ": use tcp://, ssl://, ws:// or wss://");
    }
    int defaultPort = webSocket ? (tls ? 443 : 80) : (tls ? 8883 : 1883);
    MqttClientTransportConfigBuilder transport =
        MqttClientTransportConfig.builder()
            .serverHost(uri.getHost())
            .serverPort(uri.getPort() > 0 ? uri.getPort() : defaultPort)
            .socketConnectTimeout(10, TimeUnit.SECONDS)
            .mqttConnectTimeout(10, TimeUnit.SECONDS);
    if (tls) {
      transport =
          transport.sslConfig(
              broker
                  .clientTrust()
                  .map(
                      trust ->
                          MqttClientSslConfig.builder()
                              .trustManagerFactory(trust)
                              .hostnameVerifier((host, session) -> true)
                              .build())
                  .orElseGet(() -> MqttClientSslConfig.builder().build()));
    }
    if (webSocket) {
      String path =
          uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mqtt" : uri.getRawPath();
      transport = transport.webSocketConfig().serverPath(path).applyWebSocketConfig();
    }
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(identifier)
        .transportConfig(transport.build());
  }

  /**
   * The CONNECT of every attempt: the session kind and the Receive Maximum as they are now. The
   * first attempt is sent from {@link #start}; after it, every failed attempt and every lost
   * connection gets exactly one call of {@link #disconnected}, which has the client try again with
   * this, so attempts never overlap.
   */
  private Mqtt5Connect connectMessage() {
    boolean persistent = config.usePersistentSession();
    Mqtt5ConnectBuilder connect =
        Mqtt5Connect.builder()
            .cleanStart(!persistent)
            .sessionExpiryInterval(persistent ? config.sessionExpiry().toSeconds() : 0L)
            .keepAlive(30)
            .restrictions()
            .receiveMaximum(receiveMaximum)
            .applyRestrictions();
    MqttCredentials credentials = broker.hubCredentials();
    if (!credentials.username().isEmpty()) {
      connect =
          connect
              .simpleAuth()
              .username(credentials.username())
              .password(credentials.password().getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth();
    }
    return connect.build();
  }

  /** Called by the client on its event loop once the broker accepted a connection. */
  private void connected(MqttClientConnectedContext context) {
    lastConnectSucceeded = true;
    backoffMs = 1_000;
    Mqtt5ConnAck connAck = ((Mqtt5ClientConnectedContext) context).getConnAck();
    publishWindow = publishWindow(connAck.getRestrictions().getReceiveMaximum());
    if (receiving) {
      subscribe();
    }
  }

  /** Half the broker's Receive Maximum (65,535 when CONNACK leaves it out, MQTT 5 3.2.2.3.3). */
  static int publishWindow(int serverReceiveMaximum) {
    return Math.max(1, Math.min(MAX_PUBLISHES_IN_FLIGHT, serverReceiveMaximum / 2));
  }

  private void subscribe() {
    client
        .subscribeWith()
        .addSubscription()
        .topicFilter(dataFilter)
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .addSubscription()
        .topicFilter(Topics.allGateways(Topics.Kind.STATE))
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .addSubscription()
        .topicFilter(Topics.allGateways(Topics.Kind.CMD_RESULT))
        .qos(MqttQos.AT_LEAST_ONCE)
        .applySubscription()
        .send()
        .whenComplete(this::subscribed);
  }

  private void subscribed(Mqtt5SubAck subAck, Throwable failure) {
    if (failure != null) {
      LOG.warn("Subscribing to gateway topics failed: {}", failure.toString());
      return;
    }
    for (Mqtt5SubAckReasonCode reasonCode : subAck.getReasonCodes()) {
      if (reasonCode.isError()) {
        LOG.error("Broker refused a hub subscription ({})", reasonCode);
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

  /**
   * Called by the client after a connection ends or a connect attempt fails (on its event loop).
   * Connects again at once after a lost connection, with backoff after failed attempts.
   */
  private void disconnected(MqttClientDisconnectedContext context) {
    subscribed = false;
    unacknowledged.set(0);
    publishesInFlight.set(0);
    if (closed || context.getSource() == MqttDisconnectSource.USER) {
      return;
    }
    Throwable cause = context.getCause();
    if (cause instanceof Mqtt5DisconnectException
        && ((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode()
            == Mqtt5DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED) {
      raiseReceiveMaximum();
    }
    long delay = 0;
    if (lastConnectSucceeded) {
      lastConnectSucceeded = false;
      connectionLosses.incrementAndGet();
      LOG.warn(
          "Lost connection to MQTT broker {}: {} ({}); reconnecting",
          broker.clientUri(),
          cause.getMessage(),
          context.getSource());
    } else {
      delay = backoffMs;
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      LOG.warn(
          "Cannot connect to MQTT broker {}: {}; retrying in {} ms",
          broker.clientUri(),
          cause.getMessage(),
          delay);
    }
    // The hub subscribes itself after each connect (connected), so the client does not.
    ((Mqtt5ClientDisconnectedContext) context)
        .getReconnector()
        .reconnect(true)
        .resubscribeIfSessionPresent(false)
        .resubscribeIfSessionExpired(false)
        .connect(connectMessage())
        .delay(delay, TimeUnit.MILLISECONDS);
  }

  /**
   * The client closed the connection because the broker sent more unacknowledged messages than the
   * hub advertised (MQTT 5, 3.3.4: a protocol error). Debian's Mosquitto 2.0.11 was seen doing so.
   * The next connection advertises twice as many, up to 65,535, so a broker that overshoots by a
   * bounded amount is soon within it; what was unacknowledged is redelivered (persistent session)
   * or resent by the gateways, and the ingest queue still bounds memory.
   */
  private void raiseReceiveMaximum() {
    int before = receiveMaximum;
    int after = Math.min(MAX_RECEIVE_MAXIMUM, before * 2);
    receiveMaximum = after;
    receiveMaximumExceeded.set(true);
    LOG.warn(
        "MQTT broker {} sent more unacknowledged messages than the Receive Maximum {} the hub"
            + " asked for; reconnecting with {}",
        broker.clientUri(),
        before,
        after);
  }

  private void messageArrived(Mqtt5Publish publish) {
    Delivery.Acknowledgement ack = Delivery.Acknowledgement.NONE;
    if (publish.getQos() != MqttQos.AT_MOST_ONCE) {
      countUnacknowledged();
      ack = acknowledgement(publish);
    }
    String topic = publish.getTopic().toString();
    try {
      handler.onMessage(new Delivery(topic, publish.getPayloadAsBytes(), ack));
    } catch (RuntimeException e) {
      LOG.error("Message on {} not handled", topic, e);
    }
  }

  private Delivery.Acknowledgement acknowledgement(Mqtt5Publish publish) {
    AtomicBoolean sent = new AtomicBoolean();
    return () -> {
      if (sent.compareAndSet(false, true)) {
        unacknowledged.updateAndGet(count -> Math.max(0, count - 1));
        publish.acknowledge();
      }
    };
  }

  private void countUnacknowledged() {
    int now = unacknowledged.incrementAndGet();
    maxUnacknowledged.accumulateAndGet(now, Math::max);
  }

  // Never below zero: a publish of a lost connection may complete after the count was reset.
  private void publishDone() {
    publishesInFlight.updateAndGet(count -> Math.max(0, count - 1));
    MessageHandler current = handler;
    if (current != null && publishRefused.compareAndSet(true, false)) {
      current.roomToPublish();
    }
  }

  /** Most messages delivered and not yet acknowledged at one time, since start. */
  public int maxUnacknowledged() {
    return maxUnacknowledged.get();
  }

  /** Connections lost since start (not counting close or failed connect attempts). */
  public long connectionLosses() {
    return connectionLosses.get();
  }

  /** The Receive Maximum the hub advertises on its next connection. */
  public int receiveMaximum() {
    return receiveMaximum;
  }

  /** Whether the broker ever sent past the hub's Receive Maximum. */
  public boolean receiveMaximumExceeded() {
    return receiveMaximumExceeded.get();
  }

  public String clientId() {
    return clientId.value();
  }

  @Override
  public boolean isConnected() {
    Mqtt5AsyncClient current = client;
    return subscribed && current != null && current.getState().isConnected();
  }

  @Override
  public boolean publish(String topic, byte[] payload) {
    Mqtt5AsyncClient current = client;
    if (current == null || !current.getState().isConnected()) {
      LOG.debug("Not connected; message for {} not sent", topic);
      return false;
    }
    if (publishesInFlight.incrementAndGet() > publishWindow) {
      publishesInFlight.decrementAndGet();
      publishRefused.set(true);
      return false;
    }
    current
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                LOG.debug("Publishing to {} failed: {}", topic, failure.getMessage());
              }
              publishDone();
            });
    return true;
  }

  @Override
  public void stopReceiving() {
    receiving = false;
    if (!config.useSharedSubscription()) {
      // A lone hub keeps its subscription, so the broker queues for its session while it is away.
      return;
    }
    Mqtt5AsyncClient current = client;
    if (current == null || !current.getState().isConnected()) {
      return;
    }
    try {
      current.unsubscribeWith().topicFilter(dataFilter).send().get(3, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Unsubscribing from {} failed: {}", dataFilter, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    subscribed = false;
    Mqtt5AsyncClient current = client;
    if (current != null && current.getState().isConnectedOrReconnect()) {
      try {
        current.disconnect().get(3, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("Closing the ingestion MQTT client: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (eventLoop != null) {
      eventLoop.shutdown(); // Netty's loop on it ends once the client has let go of it
    }
  }
}
