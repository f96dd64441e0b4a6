package io.campusedge.agent.internal.uplink;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.health.UplinkCounters;
import io.campusedge.agent.internal.outbox.EvictedRange;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.agent.internal.outbox.StoredRecord;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
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
 * {@link Uplink} as a Sparkplug B 3.0 edge node (chapter 5, Operational Behavior) over Paho MQTT
 * v5, sending the same outbox as the native uplink. Each MQTT session takes a new bdSeq (persisted)
 * for its NDEATH will; the node waits for its primary host's STATE to say online before its NBIRTH
 * and DBIRTHs, sends the outbox as DDATA, and on the host going offline publishes its NDEATH and
 * disconnects, holding everything in the outbox until the host is back. {@code Node
 * Control/Rebirth} publishes the births again and resends what is not acknowledged yet.
 *
 * <p>Rows leave the outbox as {@link AgentConfig.AckMode} says: on the CampusEdge hub's native
 * {@code ack} (data at QoS 0 as the specification wants; anything lost is resent after the ack
 * timeout or the rebirth the hub asks for on a seq gap), or on the broker's PUBACK of data sent at
 * QoS 1 (a foreign host never acks).
 */
public final class SparkplugUplink implements Uplink {
  private static final Logger log = LoggerFactory.getLogger(SparkplugUplink.class);
  private static final int WINDOW = 8;
  private static final long WAIT_MS = 10_000;
  private static final long IDLE_POLL_MS = 250;
  private static final long MAX_PACKET = 268_435_455;
  private static final Pattern ONLINE = Pattern.compile("\"online\"\\s*:\\s*(true|false)");
  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d+)");

  private final AgentConfig config;
  private final AgentConfig.SparkplugSettings settings;
  private final Outbox outbox;
  private final MqttAsyncClient client;
  private final SparkplugNode node;
  private final BatchSender sender;
  private final BdSeqFile bdSeqs;
  private final UplinkCounters counters;
  private final Backoff backoff;
  private final SocketFactory sockets;
  private final BlockingQueue<UplinkEvent> events = new LinkedBlockingQueue<>();
  private final String hostStateTopic;
  private final String ackTopic;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean born;
  private long lastHostTimestamp = -1;

  public SparkplugUplink(
      AgentConfig config, Outbox outbox, AgentClock clock, UplinkCounters counters)
      throws UplinkException {
    this.config = config;
    this.settings =
        config
            .uplink()
            .sparkplug()
            .orElseThrow(() -> new IllegalArgumentException("uplink.protocol is not sparkplug"));
    this.outbox = outbox;
    this.counters = counters;
    this.backoff = new Backoff(config.uplink().reconnectMaxDelay());
    this.sockets = socketFactory(config.broker());
    this.node =
        new SparkplugNode(settings.groupId(), settings.edgeNodeId(), outbox.epoch(), clock.wall());
    this.bdSeqs = new BdSeqFile(config.dataDir());
    this.hostStateTopic = SparkplugNode.NAMESPACE + "/STATE/" + settings.primaryHostId();
    this.ackTopic = Topics.topic(config.site(), config.gatewayId(), Topics.Kind.ACK);
    try {
      this.client =
          new MqttAsyncClient(config.broker().url(), config.gatewayId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new UplinkException("broker " + config.broker().url() + ": " + e.getMessage(), e);
    }
    this.client.setCallback(new Callbacks());
    this.sender =
        new BatchSender(
            outbox,
            this::publishRecords,
            config.uplink().maxBatchRecords(),
            config.uplink().maxBatchBytes(),
            config.uplink().linger(),
            WINDOW,
            config.uplink().ackTimeout(),
            clock.wall(),
            System::nanoTime);
    this.sender.onBatchSent(counters::batchPublished);
    this.thread = new Thread(this::run, "campusedge-sparkplug-" + config.gatewayId());
    this.thread.setDaemon(true);
    outbox.onDurable(seq -> events.add(new UplinkEvent.RecordsStored(seq)));
  }

  @Override
  public void start() {
    thread.start();
  }

  /** Connected and born: the primary host is online and has this node's births. */
  @Override
  public boolean isConnected() {
    return born && client.isConnected();
  }

  @Override
  public boolean isBrokerConnected() {
    return client.isConnected();
  }

  @Override
  public void publishState() {
    events.add(new UplinkEvent.Rebirth());
  }

  private static SocketFactory socketFactory(AgentConfig.Broker broker) throws UplinkException {
    if (!broker.usesTls()) {
      return new NoDelaySocketFactory();
    }
    try {
      return new NoDelaySslSocketFactory(TlsContexts.build(broker.tls()).getSocketFactory());
    } catch (GeneralSecurityException | IOException e) {
      throw new UplinkException("broker TLS files cannot be used: " + e.getMessage(), e);
    }
  }

  private void run() {
    while (running) {
      try {
        if (!client.isConnected()) {
          born = false;
          pause(backoff.nextDelayMs());
          if (!running || !connect()) {
            continue;
          }
          backoff.reset();
        }
        if (born) {
          sender.fill();
        }
        handleEvents();
        if (born) {
          sender.checkAckTimeout();
        }
      } catch (UplinkException e) {
        log.warn("Sparkplug uplink: {}", e.getMessage());
        pause(backoff.nextDelayMs());
      } catch (OutboxException e) {
        log.error("Sparkplug uplink cannot read the outbox: {}", e.getMessage());
        pause(backoff.nextDelayMs());
      } catch (RuntimeException e) {
        log.error("Sparkplug uplink loop failed; continuing", e);
        pause(backoff.nextDelayMs());
      }
    }
  }

  /** Connects with a new bdSeq and subscribes; the births wait for the host's STATE. */
  private boolean connect() throws UplinkException {
    born = false;
    // The retained STATE of the new subscription is the truth; one from before is stale.
    events.removeIf(event -> event instanceof UplinkEvent.HostState);
    node.newSession(bdSeqs.next());
    try {
      client.connect(connectionOptions()).waitForCompletion(WAIT_MS);
      List<MqttSubscription> subscriptions = new ArrayList<>();
      subscriptions.add(new MqttSubscription(node.nodeTopic(SparkplugNode.Kind.NCMD), 0));
      subscriptions.add(new MqttSubscription(node.nodeTopic(SparkplugNode.Kind.DCMD) + "/+", 0));
      if (settings.ackMode() == AgentConfig.AckMode.CAMPUSEDGE) {
        subscriptions.add(new MqttSubscription(ackTopic, 1));
      }
      // Last: its retained message may start the births at once.
      subscriptions.add(new MqttSubscription(hostStateTopic, 1));
      IMqttToken subscribed = client.subscribe(subscriptions.toArray(MqttSubscription[]::new));
      subscribed.waitForCompletion(WAIT_MS);
      int[] codes = subscribed.getReasonCodes();
      for (int i = 0; codes != null && i < codes.length && i < subscriptions.size(); i++) {
        if (codes[i] > 2) {
          // MQTT 5 SUBACK: 0-2 granted QoS; anything else a refusal (e.g. 0x87 not authorized).
          log.error(
              "Broker refused the subscription to {} (reason code {}); check the gateway's topic"
                  + " rules",
              subscriptions.get(i).getTopic(),
              codes[i]);
        }
      }
      counters.connected();
      log.info(
          "Connected to {} as Sparkplug edge node {}/{} (bdSeq {}); waiting for host {}",
          config.broker().url(),
          settings.groupId(),
          settings.edgeNodeId(),
          node.bdSeq(),
          settings.primaryHostId());
      return true;
    } catch (MqttException e) {
      log.info("Broker {} not reachable: {}", config.broker().url(), e.getMessage());
      disconnectQuietly();
      return false;
    }
  }

  // Sparkplug 3.0, Topics, NDEATH: the will, QoS 1, not retained, with this session's bdSeq.
  private MqttConnectionOptions connectionOptions() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
    options.setSocketFactory(sockets);
    config.broker().username().ifPresent(options::setUserName);
    config
        .broker()
        .password()
        .ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    SparkplugNode.Message death = node.death();
    options.setWill(death.topic(), new MqttMessage(death.bytes(), 1, false, null));
    return options;
  }

  private void birth() throws UplinkException {
    for (SparkplugNode.Message message : node.births()) {
      publish(message, 0);
    }
    born = true;
    // Whatever was sent before may not have been stored: resend after the last ack.
    sender.restartFromLastAck(WINDOW, MAX_PACKET);
    log.info(
        "Sparkplug NBIRTH published as {}/{} (bdSeq {})",
        settings.groupId(),
        settings.edgeNodeId(),
        node.bdSeq());
  }

  /** One batch of records as DBIRTH/DDATA/NDATA messages. */
  private void publishRecords(List<StoredRecord> records, List<EvictedRange> evicted)
      throws UplinkException {
    boolean brokerAcks = settings.ackMode() == AgentConfig.AckMode.PUBLISH;
    List<IMqttToken> tokens = new ArrayList<>();
    for (SparkplugNode.Message message : node.data(records, evicted)) {
      int qos = brokerAcks && message.carriesRecords() ? 1 : 0;
      tokens.add(publish(message, qos));
    }
    if (brokerAcks) {
      awaitPubacks(tokens);
      events.add(new UplinkEvent.PublishedUpTo(records.get(records.size() - 1).seq()));
    }
  }

  private void awaitPubacks(List<IMqttToken> tokens) throws UplinkException {
    try {
      for (IMqttToken token : tokens) {
        token.waitForCompletion(WAIT_MS);
      }
    } catch (MqttException e) {
      throw new UplinkException("broker did not acknowledge data: " + e.getMessage(), e);
    }
  }

  private IMqttToken publish(SparkplugNode.Message message, int qos) throws UplinkException {
    try {
      return client.publish(message.topic(), message.bytes(), qos, false);
    } catch (MqttException e) {
      throw new UplinkException("publish to " + message.topic() + " failed: " + e.getMessage(), e);
    }
  }

  private void handleEvents() throws OutboxException, UplinkException {
    long linger = sender.lingerRemainingMs();
    UplinkEvent event = poll(linger > 0 ? Math.min(linger, IDLE_POLL_MS) : IDLE_POLL_MS);
    while (event != null) {
      handle(event);
      event = events.poll();
    }
  }

  private void handle(UplinkEvent event) throws OutboxException, UplinkException {
    if (event instanceof UplinkEvent.HostState state) {
      hostState(state);
    } else if (event instanceof UplinkEvent.AckArrived arrived) {
      sender.onAck(arrived.ack());
      counters.ackReceived();
    } else if (event instanceof UplinkEvent.PublishedUpTo published) {
      sender.onAck(Ack.newBuilder().setEpoch(outbox.epoch()).setUptoSeq(published.seq()).build());
      counters.ackReceived();
    } else if (event instanceof UplinkEvent.CommandArrived command) {
      command(command.payload());
    } else if (event instanceof UplinkEvent.Rebirth && born) {
      birth();
    } else if (event instanceof UplinkEvent.ConnectionLost lost) {
      born = false;
      log.warn("Connection to {} lost: {}", config.broker().url(), lost.reason());
    }
  }

  /**
   * Sparkplug 3.0, Operational Behavior, edge node session: births only once the primary host is
   * online; when it goes offline, NDEATH and disconnect, then reconnect and wait for it again. A
   * STATE older than the last one seen is stale and ignored.
   */
  private void hostState(UplinkEvent.HostState state) throws UplinkException {
    if (state.timestamp() < lastHostTimestamp) {
      log.debug("Ignoring stale STATE of {} ({})", settings.primaryHostId(), state.timestamp());
      return;
    }
    lastHostTimestamp = state.timestamp();
    if (state.online() && !born && client.isConnected()) {
      birth();
    } else if (!state.online() && born) {
      log.warn(
          "Primary host {} is offline; holding data in the outbox until it is back",
          settings.primaryHostId());
      born = false;
      publishDeath();
      disconnectQuietly();
    }
  }

  private void command(byte[] bytes) throws UplinkException {
    Payload command;
    try {
      command = Payload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      log.warn("Ignoring a malformed NCMD: {}", e.getMessage());
      return;
    }
    if (node.asksRebirth(command)) {
      if (born) {
        log.info("Rebirth requested by NCMD");
        birth();
      }
      return;
    }
    log.info(
        "Ignoring an NCMD without Node Control/Rebirth ({} metrics)", command.getMetricsCount());
  }

  private UplinkEvent poll(long millis) {
    try {
      return events.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return null;
    }
  }

  /**
   * Waits {@code millis} while disconnected, waking early only when stopped; what arrives meanwhile
   * (a last ack, say) is handled after the next connect.
   */
  private void pause(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    List<UplinkEvent> deferred = new ArrayList<>();
    while (running) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      UplinkEvent event = poll(left);
      if (event instanceof UplinkEvent.AckArrived || event instanceof UplinkEvent.PublishedUpTo) {
        deferred.add(event);
      }
    }
    events.addAll(deferred);
  }

  @Override
  public void close() {
    running = false;
    events.add(new UplinkEvent.Stop());
    try {
      thread.join(WAIT_MS * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (client.isConnected()) {
      publishDeath();
    }
    disconnectQuietly();
    try {
      client.close(true);
    } catch (MqttException e) {
      log.debug("Closing MQTT client: {}", e.getMessage());
    }
    born = false;
  }

  // A clean disconnect sends no will, so the NDEATH goes out by hand first.
  private void publishDeath() {
    try {
      SparkplugNode.Message death = node.death();
      client.publish(death.topic(), death.bytes(), 1, false).waitForCompletion(WAIT_MS);
    } catch (MqttException e) {
      log.warn("Could not publish NDEATH: {}", e.getMessage());
    }
  }

  private void disconnectQuietly() {
    try {
      if (client.isConnected()) {
        client.disconnect(WAIT_MS).waitForCompletion(WAIT_MS);
      }
    } catch (MqttException e) {
      log.debug("Disconnect: {}", e.getMessage());
    }
  }

  /** {"online":true,"timestamp":…} of Sparkplug 3.0; empty when it says neither. */
  static Optional<UplinkEvent.HostState> parseHostState(byte[] payload) {
    String json = new String(payload, StandardCharsets.UTF_8);
    Matcher online = ONLINE.matcher(json);
    if (!online.find()) {
      return Optional.empty();
    }
    Matcher timestamp = TIMESTAMP.matcher(json);
    long time = timestamp.find() ? Long.parseLong(timestamp.group(1)) : 0;
    return Optional.of(new UplinkEvent.HostState(Boolean.parseBoolean(online.group(1)), time));
  }

  /** Paho drops the connection when a callback throws, so nothing escapes from here. */
  private final class Callbacks implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        if (hostStateTopic.equals(topic)) {
          parseHostState(message.getPayload())
              .ifPresentOrElse(
                  events::add, () -> log.warn("Ignoring a STATE without \"online\" on {}", topic));
        } else if (ackTopic.equals(topic)) {
          events.add(new UplinkEvent.AckArrived(Ack.parseFrom(message.getPayload())));
        } else if (topic.equals(node.nodeTopic(SparkplugNode.Kind.NCMD))) {
          events.add(new UplinkEvent.CommandArrived(message.getPayload()));
        } else {
          log.info("Ignoring {}: device commands are not supported in Sparkplug mode", topic);
        }
      } catch (InvalidProtocolBufferException | NumberFormatException e) {
        log.warn("Ignoring malformed message on {}: {}", topic, e.getMessage());
      } catch (RuntimeException e) {
        log.error("Unexpected failure handling a message on {}", topic, e);
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      String reason = "unknown";
      if (response != null && response.getException() != null) {
        reason = response.getException().getMessage();
      } else if (response != null && response.getReasonString() != null) {
        reason = response.getReasonString();
      }
      events.add(new UplinkEvent.ConnectionLost(reason));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.warn("MQTT error: {}", exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // PUBACK: handled through the tokens in ackMode publish only.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
