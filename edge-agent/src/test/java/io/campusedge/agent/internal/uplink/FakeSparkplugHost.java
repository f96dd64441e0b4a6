package io.campusedge.agent.internal.uplink;

import io.campusedge.protos.sparkplug.CampusEdgeMetrics;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Stands in for a CampusEdge hub as Sparkplug primary host: publishes its retained STATE, records
 * every spBv1.0 message, keeps the outbox seqs of the data metrics and, when acking, acks the
 * highest contiguous seq on the native ack topic with the epoch of the node's NBIRTH.
 */
final class FakeSparkplugHost implements AutoCloseable {
  record Received(String topic, Payload payload) {
    String kind() {
      return topic.split("/")[2];
    }
  }

  private final MqttAsyncClient client;
  private final String hostId;
  private final String site;
  private final String gateway;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final NavigableSet<Long> stored = new ConcurrentSkipListSet<>();
  private volatile boolean acking;
  private volatile long epoch;

  FakeSparkplugHost(String url, String hostId, String site, String gateway) throws MqttException {
    this.hostId = hostId;
    this.site = site;
    this.gateway = gateway;
    client = new MqttAsyncClient(url, "fake-spb-host", new MemoryPersistence());
    client.setCallback(new Receiver());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    client.connect(options).waitForCompletion(10_000);
    client.subscribe("spBv1.0/school1/#", 1).waitForCompletion(10_000);
  }

  /** The retained STATE of Sparkplug 3.0; {@code timestamp} orders births and deaths. */
  void state(boolean online, long timestamp) throws MqttException {
    byte[] json =
        ("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}")
            .getBytes(StandardCharsets.UTF_8);
    client.publish("spBv1.0/STATE/" + hostId, json, 1, true).waitForCompletion(10_000);
  }

  void startAcking() throws MqttException {
    acking = true;
    ack();
  }

  void rebirth(String group, String node) throws MqttException {
    Payload command =
        Payload.newBuilder()
            .setTimestamp(System.currentTimeMillis())
            .addMetrics(
                Payload.Metric.newBuilder()
                    .setName(CampusEdgeMetrics.REBIRTH)
                    .setDatatype(DataType.BOOLEAN_VALUE)
                    .setBooleanValue(true))
            .build();
    client.publish("spBv1.0/" + group + "/NCMD/" + node, command.toByteArray(), 0, false);
  }

  List<Received> received() {
    return received;
  }

  List<Received> of(String kind) {
    return received.stream().filter(r -> r.kind().equals(kind)).toList();
  }

  NavigableSet<Long> stored() {
    return stored;
  }

  long epoch() {
    return epoch;
  }

  /** Highest n such that 1..n all arrived. */
  long contiguousUpTo() {
    long expected = 1;
    for (long seq : stored) {
      if (seq != expected) {
        break;
      }
      expected++;
    }
    return expected - 1;
  }

  private void onMessage(String topic, Payload payload) throws MqttException {
    Received message = new Received(topic, payload);
    received.add(message);
    if (message.kind().equals("NBIRTH")) {
      for (Payload.Metric metric : payload.getMetricsList()) {
        if (metric.getName().equals(CampusEdgeMetrics.EPOCH)) {
          epoch = metric.getLongValue();
        }
      }
    }
    if (!message.kind().equals("DDATA")) {
      return;
    }
    for (Payload.Metric metric : payload.getMetricsList()) {
      List<String> keys = metric.getProperties().getKeysList();
      int index = keys.indexOf(CampusEdgeMetrics.SEQ_PROPERTY);
      if (index >= 0) {
        stored.add(metric.getProperties().getValues(index).getLongValue());
      }
    }
    if (acking) {
      ack();
    }
  }

  private void ack() throws MqttException {
    Ack ack = Ack.newBuilder().setEpoch(epoch).setUptoSeq(contiguousUpTo()).build();
    client.publish(Topics.topic(site, gateway, Topics.Kind.ACK), ack.toByteArray(), 1, false);
  }

  private final class Receiver implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
      onMessage(topic, Payload.parseFrom(message.getPayload()));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close(true);
  }
}
