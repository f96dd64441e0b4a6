package io.campusedge.agent.internal.uplink;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.command.CommandHandler;
import io.campusedge.agent.internal.command.ConfigChanges;
import io.campusedge.agent.internal.command.DeviceControl;
import io.campusedge.agent.internal.health.DeviceHealthSink;
import io.campusedge.agent.internal.health.HealthReporter;
import io.campusedge.agent.internal.health.UplinkCounters;
import io.campusedge.agent.internal.outbox.Outbox;
import io.campusedge.agent.internal.outbox.OutboxException;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.Topics;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uplink} over Paho MQTT v5. One thread owns the connection: it connects with backoff,
 * subscribes, publishes the birth, sends batches and handles acks and commands. Paho callbacks only
 * queue events for it. Clean start every time: the outbox, not the broker session, is what makes
 * delivery reliable, so every connect resends from the last ack.
 */
public final class PahoUplink implements Uplink {
  private static final Logger log = LoggerFactory.getLogger(PahoUplink.class);
  private static final int QOS = 1;
  // Batches sent and awaiting the hub's ack. An ack comes back through the broker after the hub's
  // commit, so with few batches out the uplink mostly waits: on the agent bench (2 vCPUs) 8 → 32
  // raised the backlog drain from ~35,000 to ~86,000 readings/s; 64 gained nothing more. It costs
  // no memory here (the records stay in the outbox) and at most this many batches resent after a
  // reconnect, which the hub drops as duplicates. The broker's Receive Maximum bounds something
  // else, the publishes awaiting PUBACK; awaitInFlightRoom keeps every publish within it.
  private static final int WINDOW = 32;
  private static final int MQTT_DEFAULT_RECEIVE_MAXIMUM = 65_535;
  private static final long MQTT_DEFAULT_MAX_PACKET = 268_435_455;
  private static final long WAIT_MS = MqttSession.WAIT_MS;
  private static final long IN_FLIGHT_POLL_NANOS = 1_000_000;

  private final AgentConfig config;
  private final MqttSession session;
  private final GatewayStates states;
  private final BatchSender sender;
  private final CommandExecutor commands;
  private final UplinkLoop loop;
  private final String stateTopic;
  private final String ackTopic;
  private final String cmdTopic;
  private final String resultTopic;
  private volatile boolean online;
  private volatile int receiveMaximum = MQTT_DEFAULT_RECEIVE_MAXIMUM;
  private final UplinkCounters counters;
  private final long heartbeatNanos;
  private long lastStateNanos;

  /** Answers rebirth only; with its own health counters. */
  public PahoUplink(AgentConfig config, Outbox outbox, AgentClock clock) throws UplinkException {
    this(config, () -> config, outbox, clock, new UplinkCounters(), null, null);
  }

  /**
   * {@code current} is the configuration as live changes left it; {@code health} reports for the
   * state messages (built with this uplink's broker connection when null); {@code commands} answers
   * {@code cmd} messages (rebirth only when null).
   */
  public PahoUplink(
      AgentConfig config,
      Supplier<AgentConfig> current,
      Outbox outbox,
      AgentClock clock,
      UplinkCounters counters,
      HealthReporter health,
      CommandExecutor commands)
      throws UplinkException {
    this.config = config;
    this.counters = counters;
    this.heartbeatNanos = config.uplink().heartbeatInterval().toNanos();
    this.loop =
        new UplinkLoop(
            "campusedge-uplink-" + config.gatewayId(),
            log,
            "Uplink",
            new Backoff(config.uplink().reconnectMaxDelay()),
            new OnThread());
    String site = config.site();
    String gateway = config.gatewayId();
    this.stateTopic = Topics.topic(site, gateway, Topics.Kind.STATE);
    this.ackTopic = Topics.topic(site, gateway, Topics.Kind.ACK);
    this.cmdTopic = Topics.topic(site, gateway, Topics.Kind.CMD);
    this.resultTopic = Topics.topic(site, gateway, Topics.Kind.CMD_RESULT);
    this.session = new MqttSession(config.broker(), gateway, log, loop::add, this::messageArrived);
    HealthReporter reporter =
        health != null
            ? health
            : new HealthReporter(
                current,
                outbox,
                clock,
                new DeviceHealthSink(null),
                counters,
                this::isBrokerConnected,
                SoftwareVersion.current());
    this.states = new GatewayStates(current, clock, outbox, reporter, SoftwareVersion.current());
    Batch header =
        Batch.newBuilder().setSite(site).setGatewayId(gateway).setEpoch(outbox.epoch()).build();
    this.sender =
        new BatchSender(
            outbox,
            this::publish,
            Topics.topic(site, gateway, Topics.Kind.DATA),
            header,
            config.uplink().maxBatchRecords(),
            config.uplink().maxBatchBytes(),
            config.uplink().linger(),
            WINDOW,
            config.uplink().ackTimeout(),
            clock.wall(),
            System::nanoTime);
    this.sender.onBatchSent(counters::batchPublished);
    this.commands =
        commands != null
            ? commands
            : new CommandHandler(
                clock.wall(), this::publishBirth, DeviceControl.NONE, ConfigChanges.NONE);
    outbox.onDurable(seq -> loop.add(new UplinkEvent.RecordsStored(seq)));
  }

  @Override
  public void start() {
    loop.start();
  }

  @Override
  public boolean isConnected() {
    return online && session.isConnected();
  }

  @Override
  public boolean isBrokerConnected() {
    return session.isConnected();
  }

  /** Publishes the retained online state now (rebirth, changed inventory). */
  @Override
  public void publishState() throws UplinkException {
    publishBirth();
  }

  /** The uplink's side of {@link UplinkLoop}. */
  private final class OnThread implements UplinkLoop.Work {
    @Override
    public boolean offline() {
      return !isConnected();
    }

    @Override
    public boolean connect() {
      return PahoUplink.this.connect();
    }

    @Override
    public void round() throws UplinkException, OutboxException {
      // The state first: it must reach the hub even while the outbox cannot be read (a full disk
      // closes and reopens it), since it is what tells the hub of the full disk.
      heartbeatIfDue();
      sender.fill();
      loop.handleEvents(sender.lingerRemainingMs(), PahoUplink.this::handle);
      sender.checkAckTimeout();
    }

    /** Waits, waking early when stopped or for an ack or command. Other events are irrelevant. */
    @Override
    public void pause(long millis) {
      loop.pauseUntil(
          millis,
          event ->
              event instanceof UplinkEvent.AckArrived
                  || event instanceof UplinkEvent.CommandArrived);
    }
  }

  private boolean connect() {
    online = false;
    try {
      MqttMessage will = new MqttMessage(states.death().toByteArray(), QOS, true, null);
      IMqttToken connected = session.connect(stateTopic, will);
      MqttProperties connack = connected.getResponseProperties();
      receiveMaximum = receiveMaximumOf(connack);
      MqttSubscription[] subscriptions = {
        new MqttSubscription(ackTopic, QOS), new MqttSubscription(cmdTopic, QOS)
      };
      session.subscribe(subscriptions);
      publishBirth();
      sender.restartFromLastAck(WINDOW, maxPacketOf(connack));
      online = true;
      counters.connected();
      log.info(
          "Connected to {} as {} (broker receive maximum {}, up to {} batches awaiting the hub's"
              + " ack)",
          config.broker().url(),
          config.gatewayId(),
          receiveMaximum,
          sender.window());
      return true;
    } catch (MqttException | UplinkException e) {
      return session.notReachable(reason(e));
    }
  }

  /** Paho wraps TLS and socket failures in "Untranslated MqttException"; the cause says more. */
  private static String reason(Exception e) {
    Throwable cause = e.getCause();
    return cause == null ? e.getMessage() : e.getMessage() + " (" + cause + ")";
  }

  private static int receiveMaximumOf(MqttProperties connack) {
    Integer value = connack == null ? null : connack.getReceiveMaximum();
    return value == null || value <= 0 ? MQTT_DEFAULT_RECEIVE_MAXIMUM : value;
  }

  private static long maxPacketOf(MqttProperties connack) {
    Long value = connack == null ? null : connack.getMaximumPacketSize();
    return value == null || value <= 0 ? MQTT_DEFAULT_MAX_PACKET : value;
  }

  private void publishBirth() throws UplinkException {
    publish(stateTopic, states.birth().toByteArray(), true);
    lastStateNanos = System.nanoTime();
  }

  /**
   * The hub marks a gateway offline after two heartbeat intervals without hearing from it, so the
   * retained state goes out every interval, with the health report, data or not.
   */
  private void heartbeatIfDue() throws UplinkException {
    if (online && System.nanoTime() - lastStateNanos >= heartbeatNanos) {
      publishBirth();
      log.debug("Heartbeat state published");
    }
  }

  private void publish(String topic, byte[] payload, boolean retained) throws UplinkException {
    awaitInFlightRoom();
    session.publish(topic, payload, QOS, retained);
  }

  /**
   * Never more QoS 1 publishes awaiting PUBACK than the broker's Receive Maximum: Paho would refuse
   * them ("too many publishes in progress"). Batches, the birth and command results all wait here
   * for a PUBACK when the broker's maximum is reached.
   */
  private void awaitInFlightRoom() throws UplinkException {
    long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
    while (session.publishesInFlight() >= receiveMaximum) {
      if (System.nanoTime() > deadline || !session.isConnected()) {
        throw new UplinkException(
            "broker acknowledges no publishes (" + receiveMaximum + " in flight)");
      }
      LockSupport.parkNanos(IN_FLIGHT_POLL_NANOS);
    }
  }

  private void handle(UplinkEvent event) throws OutboxException, UplinkException {
    if (event instanceof UplinkEvent.AckArrived arrived) {
      sender.onAck(arrived.ack());
      counters.ackReceived();
    } else if (event instanceof UplinkEvent.CommandArrived command) {
      CommandResult result = commands.execute(command.payload());
      publish(resultTopic, result.toByteArray(), false);
    } else if (event instanceof UplinkEvent.ConnectionLost lost) {
      online = false;
      log.warn("Connection to {} lost: {}", config.broker().url(), lost.reason());
    }
    // RecordsStored and Stop only wake the loop.
  }

  @Override
  public void close() {
    loop.stop(WAIT_MS * 2);
    session.close(this::publishDeath);
    online = false;
  }

  private void publishDeath() {
    session.publishDeath("offline state", stateTopic, states.death().toByteArray(), QOS, true);
  }

  private void messageArrived(String topic, MqttMessage message)
      throws InvalidProtocolBufferException {
    if (ackTopic.equals(topic)) {
      loop.add(new UplinkEvent.AckArrived(Ack.parseFrom(message.getPayload())));
    } else if (cmdTopic.equals(topic)) {
      loop.add(new UplinkEvent.CommandArrived(message.getPayload()));
    }
  }
}
