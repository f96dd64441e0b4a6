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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
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
  private static final long WAIT_MS = MqttSession.WAIT_MS;
  private static final long MAX_PACKET = 268_435_455;
  private static final Pattern ONLINE = Pattern.compile("\"online\"\\s*:\\s*(true|false)");
  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d+)");

  private final AgentConfig config;
  private final AgentConfig.SparkplugSettings settings;
  private final Outbox outbox;
  private final MqttSession session;
  private final SparkplugNode node;
  private final BatchSender sender;
  private final BdSeqFile bdSeqs;
  private final UplinkCounters counters;
  private final UplinkLoop loop;
  private final String hostStateTopic;
  private final String ackTopic;
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
    this.loop =
        new UplinkLoop(
            "campusedge-sparkplug-" + config.gatewayId(),
            log,
            "Sparkplug uplink",
            new Backoff(config.uplink().reconnectMaxDelay()),
            new OnThread());
    this.node =
        new SparkplugNode(settings.groupId(), settings.edgeNodeId(), outbox.epoch(), clock.wall());
    this.bdSeqs = new BdSeqFile(config.dataDir());
    this.hostStateTopic = SparkplugNode.NAMESPACE + "/STATE/" + settings.primaryHostId();
    this.ackTopic = Topics.topic(config.site(), config.gatewayId(), Topics.Kind.ACK);
    this.session =
        new MqttSession(config.broker(), config.gatewayId(), log, loop::add, this::messageArrived);
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
    outbox.onDurable(seq -> loop.add(new UplinkEvent.RecordsStored(seq)));
  }

  @Override
  public void start() {
    loop.start();
  }

  /** Connected and born: the primary host is online and has this node's births. */
  @Override
  public boolean isConnected() {
    return born && session.isConnected();
  }

  @Override
  public boolean isBrokerConnected() {
    return session.isConnected();
  }

  @Override
  public void publishState() {
    loop.add(new UplinkEvent.Rebirth());
  }

  /** The uplink's side of {@link UplinkLoop}. */
  private final class OnThread implements UplinkLoop.Work {
    @Override
    public boolean offline() {
      // Off the broker means unborn too: births wait for the host's STATE after the next connect.
      if (session.isConnected()) {
        return false;
      }
      born = false;
      return true;
    }

    @Override
    public boolean connect() throws UplinkException {
      return SparkplugUplink.this.connect();
    }

    @Override
    public void round() throws UplinkException, OutboxException {
      if (born) {
        sender.fill();
      }
      loop.handleEvents(sender.lingerRemainingMs(), SparkplugUplink.this::handle);
      if (born) {
        sender.checkAckTimeout();
      }
    }

    /**
     * Waits while disconnected, waking early only when stopped; an ack arriving meanwhile (a last
     * one, say) is handled after the next connect.
     */
    @Override
    public void pause(long millis) {
      loop.pauseKeeping(
          millis,
          event ->
              event instanceof UplinkEvent.AckArrived
                  || event instanceof UplinkEvent.PublishedUpTo);
    }
  }

  /** Connects with a new bdSeq and subscribes; the births wait for the host's STATE. */
  private boolean connect() throws UplinkException {
    born = false;
    // The retained STATE of the new subscription is the truth; one from before is stale.
    loop.discard(event -> event instanceof UplinkEvent.HostState);
    node.newSession(bdSeqs.next());
    try {
      // Sparkplug 3.0, Topics, NDEATH: the will, QoS 1, not retained, with this session's bdSeq.
      SparkplugNode.Message death = node.death();
      session.connect(death.topic(), new MqttMessage(death.bytes(), 1, false, null));
      List<MqttSubscription> subscriptions = new ArrayList<>();
      subscriptions.add(new MqttSubscription(node.nodeTopic(SparkplugNode.Kind.NCMD), 0));
      subscriptions.add(new MqttSubscription(node.nodeTopic(SparkplugNode.Kind.DCMD) + "/+", 0));
      if (settings.ackMode() == AgentConfig.AckMode.CAMPUSEDGE) {
        subscriptions.add(new MqttSubscription(ackTopic, 1));
      }
      // Last: its retained message may start the births at once.
      subscriptions.add(new MqttSubscription(hostStateTopic, 1));
      IMqttToken subscribed = session.subscribe(subscriptions.toArray(MqttSubscription[]::new));
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
      return session.notReachable(e.getMessage());
    }
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
      loop.add(new UplinkEvent.PublishedUpTo(records.get(records.size() - 1).seq()));
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
    return session.publish(message.topic(), message.bytes(), qos, false);
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
    if (state.online() && !born && session.isConnected()) {
      birth();
    } else if (!state.online() && born) {
      log.warn(
          "Primary host {} is offline; holding data in the outbox until it is back",
          settings.primaryHostId());
      born = false;
      publishDeath();
      session.disconnectQuietly();
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

  @Override
  public void close() {
    loop.stop(WAIT_MS * 2);
    session.close(this::publishDeath);
    born = false;
  }

  // A clean disconnect sends no will, so the NDEATH goes out by hand first.
  private void publishDeath() {
    SparkplugNode.Message death = node.death();
    session.publishDeath("NDEATH", death.topic(), death.bytes(), 1, false);
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

  private void messageArrived(String topic, MqttMessage message)
      throws InvalidProtocolBufferException {
    if (hostStateTopic.equals(topic)) {
      parseHostState(message.getPayload())
          .ifPresentOrElse(
              loop::add, () -> log.warn("Ignoring a STATE without \"online\" on {}", topic));
    } else if (ackTopic.equals(topic)) {
      loop.add(new UplinkEvent.AckArrived(Ack.parseFrom(message.getPayload())));
    } else if (topic.equals(node.nodeTopic(SparkplugNode.Kind.NCMD))) {
      loop.add(new UplinkEvent.CommandArrived(message.getPayload()));
    } else {
      log.info("Ignoring {}: device commands are not supported in Sparkplug mode", topic);
    }
  }
}
