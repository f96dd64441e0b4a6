package io.campusedge.simulators.fleet;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.protos.transport.NoDelaySocketFactory;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.campusedge.protos.v1.Topics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual gateway: its own MQTT v5 connection with its own credentials, publishing {@code
 * Batch}es on {@code campusedge/v1/{site}/{id}/data} and taking the hub's {@code ack}. Its outbox
 * is the light load-run kind: unacknowledged batches in memory (not the agent's fsync'd H2 file),
 * sent again after a reconnect and deleted when the hub's ack covers them.
 */
final class FleetGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetGateway.class);

  private final GatewayCredentials credentials;
  private final MqttAsyncClient client;
  private final FleetStats stats;
  private final ClassroomTraffic traffic;
  private final int readingsPerBatch;
  private final long epoch;
  private final String dataTopic;
  private final String stateTopic;
  private final ConcurrentSkipListMap<Long, Pending> unacked = new ConcurrentSkipListMap<>();
  private Semaphore window = new Semaphore(0);
  private volatile FleetMode mode = FleetMode.PACED;
  private volatile int floodWindow;
  private volatile byte[] rawPayload;
  private volatile boolean running;
  private long nextSeq = 1;
  // The last ack that covered something, or the first send into an empty window.
  private volatile long lastProgressNanos = System.nanoTime();
  // FLOOD: records of a poll beyond the batch size, for the next batch.
  private final Deque<Record.Builder> carried = new ArrayDeque<>();

  /** {@code sentNanos}: first publish (for the latency). */
  private static final class Pending {
    final byte[] payload;
    final int records;
    final long sentNanos;

    Pending(byte[] payload, int records, long sentNanos) {
      this.payload = payload;
      this.records = records;
      this.sentNanos = sentNanos;
    }
  }

  FleetGateway(
      GatewayCredentials credentials,
      String brokerUrl,
      FleetStats stats,
      ScheduledExecutorService pings,
      int readingsPerBatch,
      long epoch,
      long seed)
      throws MqttException {
    this.credentials = credentials;
    this.stats = stats;
    this.readingsPerBatch = readingsPerBatch;
    this.epoch = epoch;
    this.traffic = new ClassroomTraffic(credentials.gatewayId(), seed, 0.02);
    this.dataTopic = Topics.topic(credentials.site(), credentials.gatewayId(), Topics.Kind.DATA);
    this.stateTopic = Topics.topic(credentials.site(), credentials.gatewayId(), Topics.Kind.STATE);
    // A shared scheduler for keep-alive pings instead of a Timer thread per client.
    this.client =
        new MqttAsyncClient(
            brokerUrl,
            credentials.gatewayId(),
            new MemoryPersistence(),
            new TimerPingSender(pings),
            null);
    client.setCallback(new Callback());
  }

  String id() {
    return credentials.gatewayId();
  }

  /** Connects (birth, will, ack subscription); the token completes when the broker accepted it. */
  IMqttToken connect() throws MqttException {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(credentials.gatewayId());
    options.setPassword(credentials.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    options.setCleanStart(true);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 10);
    options.setKeepAliveInterval(60);
    options.setConnectionTimeout(60);
    // As the agent: acks and batches are small, and Nagle would hold them for the peer's ACK.
    options.setSocketFactory(new NoDelaySocketFactory());
    MqttMessage will = new MqttMessage(state(false).toByteArray());
    will.setQos(1);
    will.setRetained(true);
    options.setWill(stateTopic, will);
    return client.connect(options);
  }

  boolean isConnected() {
    return client.isConnected();
  }

  void start(FleetMode mode, int floodWindow, int rawWindow) {
    this.mode = mode;
    this.floodWindow = floodWindow;
    this.running = true;
    if (mode == FleetMode.RAW) {
      rawPayload = batch(System.currentTimeMillis()).toByteArray();
      window = new Semaphore(rawWindow);
      for (int i = 0; i < rawWindow; i++) {
        publishRaw();
      }
    } else if (mode == FleetMode.FLOOD) {
      fill();
    }
  }

  void stop() {
    running = false;
  }

  /** PACED: one poll of the classroom; skipped (and counted) when too much is unacknowledged. */
  void poll() {
    if (!running || !client.isConnected()) {
      return;
    }
    if (unacked.size() >= 100) {
      stats.skippedPolls.increment();
      return;
    }
    sendNewBatch();
  }

  /**
   * Like the agent's ack timeout (BatchSender): when no ack has made progress for {@code
   * timeoutNanos} while batches wait, everything unacked goes again (the hub drops duplicates). A
   * slow hub whose acks still come gets no resends, only a silent one.
   */
  void resendIfAckOverdue(long timeoutNanos) {
    long now = System.nanoTime();
    if (unacked.isEmpty() || now - lastProgressNanos < timeoutNanos || !client.isConnected()) {
      return;
    }
    lastProgressNanos = now;
    for (Pending pending : unacked.values()) {
      if (!publish(pending.payload)) {
        return;
      }
      stats.resent.increment();
    }
  }

  int unackedBatches() {
    return unacked.size();
  }

  private void fill() {
    while (running
        && mode == FleetMode.FLOOD
        && unacked.size() < floodWindow
        && client.isConnected()) {
      if (!sendNewBatch()) {
        return;
      }
    }
  }

  private synchronized boolean sendNewBatch() {
    Batch batch = batch(System.currentTimeMillis());
    long last = batch.getRecords(batch.getRecordsCount() - 1).getSeq();
    byte[] payload = batch.toByteArray();
    Pending pending = new Pending(payload, batch.getRecordsCount(), System.nanoTime());
    if (unacked.isEmpty()) {
      lastProgressNanos = pending.sentNanos;
    }
    unacked.put(last, pending);
    if (!publish(payload)) {
      // Never sent: take the seqs back, so the stream has no hole the hub would wait for.
      unacked.remove(last);
      nextSeq = batch.getRecords(0).getSeq();
      return false;
    }
    stats.batchesSent.increment();
    stats.recordsSent.add(pending.records);
    return true;
  }

  private Batch batch(long nowMs) {
    Batch.Builder batch =
        Batch.newBuilder()
            .setSite(credentials.site())
            .setGatewayId(credentials.gatewayId())
            .setEpoch(epoch)
            .setSentTimeMs(nowMs);
    if (mode == FleetMode.FLOOD) {
      // Exactly the batch size (--batch 1: single-reading messages); the rest of a poll waits.
      while (batch.getRecordsCount() < readingsPerBatch) {
        if (carried.isEmpty()) {
          carried.addAll(traffic.poll(nowMs));
        }
        batch.addRecords(carried.poll().setSeq(nextSeq++));
      }
      return batch.build();
    }
    while (batch.getRecordsCount() < readingsPerBatch) {
      for (Record.Builder record : traffic.poll(nowMs)) {
        batch.addRecords(record.setSeq(nextSeq++));
      }
    }
    return batch.build();
  }

  private boolean publish(byte[] payload) {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    try {
      client.publish(dataTopic, message, null, pubackListener);
      return true;
    } catch (MqttException e) {
      // Not connected or the broker's window is full: the batch stays unacked and goes again.
      stats.errors.increment();
      return false;
    }
  }

  private final MqttActionListener pubackListener =
      new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          stats.pubacks.increment();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
          stats.errors.increment();
        }
      };

  private void publishRaw() {
    if (!running || !window.tryAcquire()) {
      return;
    }
    MqttMessage message = new MqttMessage(rawPayload);
    message.setQos(1);
    try {
      client.publish(dataTopic, message, null, rawListener);
      stats.batchesSent.increment();
      stats.recordsSent.add(readingsPerBatchOf(rawPayload));
    } catch (MqttException e) {
      window.release();
      stats.errors.increment();
    }
  }

  private int rawRecords = -1;

  private int readingsPerBatchOf(byte[] payload) {
    if (rawRecords < 0) {
      try {
        rawRecords = Batch.parseFrom(payload).getRecordsCount();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    return rawRecords;
  }

  private final MqttActionListener rawListener =
      new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          stats.pubacks.increment();
          window.release();
          publishRaw();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
          stats.errors.increment();
          window.release();
        }
      };

  private void onAck(byte[] payload) {
    Ack ack;
    try {
      ack = Ack.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      stats.errors.increment();
      return;
    }
    if (ack.getEpoch() != epoch) {
      return;
    }
    long now = System.nanoTime();
    Map<Long, Pending> covered = unacked.headMap(ack.getUptoSeq(), true);
    if (!covered.isEmpty()) {
      lastProgressNanos = now;
    }
    for (Pending pending : List.copyOf(covered.values())) {
      stats.batchesAcked.increment();
      stats.recordsAcked.add(pending.records);
      stats.ackLatency.add((now - pending.sentNanos) / 1000);
    }
    covered.clear();
    if (mode == FleetMode.FLOOD) {
      fill();
    }
  }

  private GatewayState state(boolean online) {
    return GatewayState.newBuilder()
        .setOnline(online)
        .setSite(credentials.site())
        .setGatewayId(credentials.gatewayId())
        .setEpoch(epoch)
        .setSoftwareVersion("fleet-simulator")
        .setTimeMs(System.currentTimeMillis())
        .addRooms(Room.newBuilder().setId("R" + credentials.gatewayId().replaceAll("\\D", "")))
        .build();
  }

  private void onConnected(boolean reconnect) {
    stats.connected.incrementAndGet();
    try {
      client.subscribe(
          Topics.topic(credentials.site(), credentials.gatewayId(), Topics.Kind.ACK), 1);
      MqttMessage birth = new MqttMessage(state(true).toByteArray());
      birth.setQos(1);
      birth.setRetained(true);
      client.publish(stateTopic, birth);
      if (reconnect) {
        // The light outbox: everything not yet acked by the hub goes again, in seq order.
        lastProgressNanos = System.nanoTime();
        for (Pending pending : unacked.values()) {
          if (publish(pending.payload)) {
            stats.resent.increment();
          }
        }
      }
    } catch (MqttException e) {
      stats.errors.increment();
      log.debug("Gateway {}: subscribe or birth failed: {}", credentials.gatewayId(), e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      if (client.isConnected()) {
        client.publish(stateTopic, state(false).toByteArray(), 1, true);
        client.disconnect(2_000).waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      log.debug("Gateway {}: disconnect: {}", credentials.gatewayId(), e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      log.debug("Gateway {}: close: {}", credentials.gatewayId(), e.toString());
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      onConnected(reconnect);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      stats.connected.decrementAndGet();
      stats.errors.increment();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      onAck(message.getPayload());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      stats.errors.increment();
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
