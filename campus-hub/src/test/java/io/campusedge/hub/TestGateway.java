package io.campusedge.hub;

import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** A Paho v5 client playing a gateway against the hub's broker; collects the acks it gets. */
final class TestGateway implements AutoCloseable {
  final String site;
  final String id;
  final List<Ack> acks = new CopyOnWriteArrayList<>();
  final List<Command> commands = new CopyOnWriteArrayList<>();
  private final MqttClient client;

  private TestGateway(String site, String id, MqttClient client) {
    this.site = site;
    this.id = id;
    this.client = client;
  }

  static TestGateway connect(int brokerPort, String site, String id, String password)
      throws MqttException {
    return connect("tcp://127.0.0.1:" + brokerPort, site, id, password);
  }

  static TestGateway connect(String brokerUrl, String site, String id, String password)
      throws MqttException {
    return connect(brokerUrl, site, id, password, null);
  }

  /** Over TLS when {@code tls} is given (an ssl:// URL). */
  static TestGateway connect(
      String brokerUrl, String site, String id, String password, SSLSocketFactory tls)
      throws MqttException {
    MqttClient client = new MqttClient(brokerUrl, id + "-test", new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    if (tls != null) {
      options.setSocketFactory(tls);
    }
    options.setCleanStart(true);
    options.setUserName(id);
    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    client.connect(options);
    TestGateway gateway = new TestGateway(site, id, client);
    // The (String, int, listener) overload of Paho 1.2.5 recurses forever; use the array form.
    IMqttMessageListener onAck =
        (topic, message) -> gateway.acks.add(Ack.parseFrom(message.getPayload()));
    IMqttMessageListener onCommand =
        (topic, message) -> gateway.commands.add(Command.parseFrom(message.getPayload()));
    client.subscribe(
        new MqttSubscription[] {
          new MqttSubscription(Topics.topic(site, id, Topics.Kind.ACK), 1),
          new MqttSubscription(Topics.topic(site, id, Topics.Kind.CMD), 1)
        },
        new IMqttMessageListener[] {onAck, onCommand});
    return gateway;
  }

  void publishState(GatewayState state) throws MqttException {
    client.publish(
        Topics.topic(site, id, Topics.Kind.STATE),
        new MqttMessage(state.toByteArray(), 1, true, null));
  }

  /**
   * Publishes one card tap (reader, a card reference made from {@code card}, the clock synced, now)
   * as record {@code seq} of epoch 1, and waits until the hub acknowledges it.
   */
  void tapCard(String readerId, String card, long seq, java.time.Duration timeout)
      throws MqttException {
    publishBatch(
        Batch.newBuilder()
            .setSite(site)
            .setGatewayId(id)
            .setEpoch(1)
            .addRecords(
                io.campusedge.protos.v1.Record.newBuilder()
                    .setSeq(seq)
                    .setClock(
                        io.campusedge.protos.v1.ClockState.newBuilder()
                            .setSynced(true)
                            .setBootId("b")
                            .setMonotonicMs(seq))
                    .setCardTap(
                        io.campusedge.protos.v1.CardTap.newBuilder()
                            .setReaderId(readerId)
                            .setCardRef(
                                com.google.protobuf.ByteString.copyFromUtf8(
                                    String.format("%-32s", card)))
                            .setSourceTimeMs(System.currentTimeMillis())
                            .setKeyId("k1")))
            .build());
    org.awaitility.Awaitility.await().atMost(timeout).until(() -> acked(1, seq));
  }

  /** Publishes raw bytes (e.g. garbage) on one of this gateway's own topics. */
  void publishRaw(Topics.Kind kind, byte[] payload) throws MqttException {
    client.publish(Topics.topic(site, id, kind), new MqttMessage(payload, 1, false, null));
  }

  /** Answers a command on this gateway's result topic. */
  void publishResult(CommandResult result) throws MqttException {
    client.publish(
        Topics.topic(site, id, Topics.Kind.CMD_RESULT),
        new MqttMessage(result.toByteArray(), 1, false, null));
  }

  /** A batch of one synced CO2 reading of device scd1, taken now. */
  static Batch co2(String site, String gateway, long seq, double ppm) {
    return Batch.newBuilder()
        .setSite(site)
        .setGatewayId(gateway)
        .setEpoch(1)
        .addRecords(
            Record.newBuilder()
                .setSeq(seq)
                .setClock(ClockState.newBuilder().setSynced(true))
                .setReading(
                    Reading.newBuilder()
                        .setDeviceId("scd1")
                        .setMetric("co2")
                        .setDoubleValue(ppm)
                        .setUnit("[ppm]")
                        .setSourceTimeMs(System.currentTimeMillis())
                        .setQuality(Quality.QUALITY_GOOD)))
        .build();
  }

  void publishBatch(Batch batch) throws MqttException {
    publishData(id, batch.toByteArray());
  }

  /** Publishes raw bytes on {@code gatewayId}'s data topic (normally this gateway's own). */
  void publishData(String gatewayId, byte[] payload) throws MqttException {
    for (int attempt = 1; ; attempt++) {
      try {
        client.publish(
            Topics.topic(site, gatewayId, Topics.Kind.DATA),
            new MqttMessage(payload, 1, false, null));
        return;
      } catch (MqttException e) {
        // Paho frees its window slot a moment after the PUBACK; a real agent waits too.
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt == 100) {
          throw e;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The highest seq acked for {@code epoch} so far, 0 if none. */
  long ackedUpTo(long epoch) {
    return acks.stream()
        .filter(ack -> ack.getEpoch() == epoch)
        .mapToLong(Ack::getUptoSeq)
        .max()
        .orElse(0);
  }

  boolean isConnected() {
    return client.isConnected();
  }

  boolean acked(long epoch, long uptoSeq) {
    return acks.stream().anyMatch(ack -> ack.getEpoch() == epoch && ack.getUptoSeq() == uptoSeq);
  }

  long ackCount(long epoch, long uptoSeq) {
    return acks.stream()
        .filter(ack -> ack.getEpoch() == epoch && ack.getUptoSeq() == uptoSeq)
        .count();
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close(true);
  }
}
