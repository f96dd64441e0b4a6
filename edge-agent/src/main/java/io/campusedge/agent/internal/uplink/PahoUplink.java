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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
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
 * {@link Uplink} over Paho MQTT v5. One thread owns the connection: it connects with backoff,
 * subscribes, publishes the birth, sends batches and handles acks and commands. Paho callbacks only
 * queue events for it. Clean start every time: the outbox, not the broker session, is what makes
 * delivery reliable, so every connect resends from the last ack.
 */
public final class PahoUplink implements Uplink {
  private static final Logger log = LoggerFactory.getLogger(PahoUplink.class);
  private static final int QOS = 1;
  // Batches awaiting the hub's ack; the broker's Receive Maximum caps it (HiveMQ CE: 10).
  private static final int WINDOW = 8;
  // In-flight slots kept free of batches for the birth and command results.
  private static final int RESERVED_IN_FLIGHT = 2;
  private static final int MQTT_DEFAULT_RECEIVE_MAXIMUM = 65_535;
  private static final long MQTT_DEFAULT_MAX_PACKET = 268_435_455;
  private static final long WAIT_MS = 10_000;
  private static final long IDLE_POLL_MS = 250;
  private static final long IN_FLIGHT_POLL_NANOS = 1_000_000;

  private final AgentConfig config;
  private final MqttAsyncClient client;
  private final GatewayStates states;
  private final BatchSender sender;
  private final CommandExecutor commands;
  private final BlockingQueue<UplinkEvent> events = new LinkedBlockingQueue<>();
  private final String stateTopic;
  private final String ackTopic;
  private final String cmdTopic;
  private final String resultTopic;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean online;
  private volatile int receiveMaximum = MQTT_DEFAULT_RECEIVE_MAXIMUM;
  private final Backoff backoff;
  private final SocketFactory sockets;
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
    this.backoff = new Backoff(config.uplink().reconnectMaxDelay());
    this.sockets = socketFactory(config.broker());
    String site = config.site();
    String gateway = config.gatewayId();
    this.stateTopic = Topics.topic(site, gateway, Topics.Kind.STATE);
    this.ackTopic = Topics.topic(site, gateway, Topics.Kind.ACK);
    this.cmdTopic = Topics.topic(site, gateway, Topics.Kind.CMD);
    this.resultTopic = Topics.topic(site, gateway, Topics.Kind.CMD_RESULT);
    try {
      this.client = new MqttAsyncClient(config.broker().url(), gateway, new MemoryPersistence());
    } catch (MqttException e) {
      throw new UplinkException("broker " + config.broker().url() + ": " + e.getMessage(), e);
    }
    this.client.setCallback(new Callbacks());
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
    this.thread = new Thread(this::run, "campusedge-uplink-" + gateway);
    this.thread.setDaemon(true);
    outbox.onDurable(seq -> events.add(new UplinkEvent.RecordsStored(seq)));
  }

  @Override
  public void start() {
    thread.start();
  }

  @Override
  public boolean isConnected() {
    return online && client.isConnected();
  }

  @Override
  public boolean isBrokerConnected() {
    return client.isConnected();
  }

  /** Publishes the retained online state now (rebirth, changed inventory). */
  @Override
  public void publishState() throws UplinkException {
    publishBirth();
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
        if (!isConnected()) {
          // Every attempt waits first, the first one too (see Backoff).
          pause(backoff.nextDelayMs());
          if (!running || !connect()) {
            continue;
          }
          backoff.reset();
        }
        sender.fill();
        handleEvents();
        sender.checkAckTimeout();
        heartbeatIfDue();
      } catch (UplinkException e) {
        log.warn("Uplink: {}", e.getMessage());
        pause(backoff.nextDelayMs());
      } catch (OutboxException e) {
        log.error("Uplink cannot read the outbox: {}", e.getMessage());
        pause(backoff.nextDelayMs());
      } catch (RuntimeException e) {
        log.error("Uplink loop failed; continuing", e);
        pause(backoff.nextDelayMs());
      }
    }
  }

  private boolean connect() {
    online = false;
    try {
      IMqttToken connected = client.connect(connectionOptions());
      connected.waitForCompletion(WAIT_MS);
      MqttProperties connack = connected.getResponseProperties();
      receiveMaximum = receiveMaximumOf(connack);
      MqttSubscription[] subscriptions = {
        new MqttSubscription(ackTopic, QOS), new MqttSubscription(cmdTopic, QOS)
      };
      client.subscribe(subscriptions).waitForCompletion(WAIT_MS);
      publishBirth();
      sender.restartFromLastAck(receiveMaximum - RESERVED_IN_FLIGHT, maxPacketOf(connack));
      online = true;
      counters.connected();
      log.info(
          "Connected to {} as {} (broker receive maximum {}, {} batches in flight)",
          config.broker().url(),
          config.gatewayId(),
          receiveMaximum,
          sender.window());
      return true;
    } catch (MqttException | UplinkException e) {
      log.info("Broker {} not reachable: {}", config.broker().url(), reason(e));
      disconnectQuietly();
      return false;
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
    MqttMessage will = new MqttMessage(states.death().toByteArray(), QOS, true, null);
    options.setWill(stateTopic, will);
    return options;
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
    try {
      client.publish(topic, payload, QOS, retained);
    } catch (MqttException e) {
      throw new UplinkException("publish to " + topic + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Never more QoS 1 publishes awaiting PUBACK than the broker's Receive Maximum: Paho would refuse
   * them ("too many publishes in progress"). Batches stay well below it; this covers the birth and
   * command results on a broker with a very small maximum.
   */
  private void awaitInFlightRoom() throws UplinkException {
    long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
    while (client.getInFlightMessageCount() >= receiveMaximum) {
      if (System.nanoTime() > deadline || !client.isConnected()) {
        throw new UplinkException(
            "broker acknowledges no publishes (" + receiveMaximum + " in flight)");
      }
      LockSupport.parkNanos(IN_FLIGHT_POLL_NANOS);
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

  private UplinkEvent poll(long millis) {
    try {
      return events.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return null;
    }
  }

  /** Waits {@code millis}, waking early when stopped. Other events are irrelevant offline. */
  private void pause(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (running) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return;
      }
      UplinkEvent event = poll(left);
      if (event instanceof UplinkEvent.AckArrived || event instanceof UplinkEvent.CommandArrived) {
        events.add(event);
        return;
      }
    }
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
    online = false;
  }

  private void publishDeath() {
    try {
      IMqttToken token = client.publish(stateTopic, states.death().toByteArray(), QOS, true);
      token.waitForCompletion(WAIT_MS);
    } catch (MqttException e) {
      log.warn("Could not publish offline state: {}", e.getMessage());
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

  /** Paho drops the connection when a callback throws, so nothing escapes from here. */
  private final class Callbacks implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        if (ackTopic.equals(topic)) {
          events.add(new UplinkEvent.AckArrived(Ack.parseFrom(message.getPayload())));
        } else if (cmdTopic.equals(topic)) {
          events.add(new UplinkEvent.CommandArrived(message.getPayload()));
        }
      } catch (InvalidProtocolBufferException e) {
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
      // PUBACK only; records are deleted on the hub's Ack, never here.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      // The uplink thread does the on-connect work after connect() returns.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // No enhanced authentication.
    }
  }
}
