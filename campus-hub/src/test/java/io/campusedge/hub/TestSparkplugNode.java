package io.campusedge.hub;

import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * A Sparkplug B 3.0 edge node made from the specification's rules, not from a library: it logs in
 * with a gateway's credentials, leaves an NDEATH with its bdSeq as the will, watches the hosts'
 * STATE and its NCMDs, and publishes whatever payloads a test builds (good or broken).
 */
final class TestSparkplugNode implements AutoCloseable {
  final String group;
  final String edgeNode;
  final long bdSeq;
  private final MqttClient client;
  final List<Payload> commands = new CopyOnWriteArrayList<>();
  final List<String> hostStates = new CopyOnWriteArrayList<>();
  private long lastTimestamp;

  private TestSparkplugNode(String group, String edgeNode, long bdSeq, MqttClient client) {
    this.group = group;
    this.edgeNode = edgeNode;
    this.bdSeq = bdSeq;
    this.client = client;
  }

  static TestSparkplugNode connect(
      int brokerPort,
      String clientId,
      String username,
      String password,
      String group,
      String edgeNode,
      long bdSeq)
      throws MqttException {
    MqttClient client =
        new MqttClient("tcp://127.0.0.1:" + brokerPort, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setUserName(username);
    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    // Sparkplug 3.0, Operational Behavior: the NDEATH will carries the bdSeq of the NBIRTH that
    // follows.
    options.setWill(
        topic(group, "NDEATH", edgeNode),
        new MqttMessage(death(bdSeq).toByteArray(), 1, false, null));
    client.connect(options);
    TestSparkplugNode node = new TestSparkplugNode(group, edgeNode, bdSeq, client);
    IMqttMessageListener onCommand =
        (topic, message) -> node.commands.add(Payload.parseFrom(message.getPayload()));
    IMqttMessageListener onState =
        (topic, message) ->
            node.hostStates.add(new String(message.getPayload(), StandardCharsets.UTF_8));
    client.subscribe(
        new MqttSubscription[] {
          new MqttSubscription(topic(group, "NCMD", edgeNode), 1),
          new MqttSubscription("spBv1.0/STATE/+", 1)
        },
        new IMqttMessageListener[] {onCommand, onState});
    return node;
  }

  static String topic(String group, String type, String edgeNode) {
    return "spBv1.0/" + group + "/" + type + "/" + edgeNode;
  }

  static Payload death(long bdSeq) {
    return Payload.newBuilder()
        .setTimestamp(System.currentTimeMillis())
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("bdSeq")
                .setDatatype(DataType.INT64_VALUE)
                .setLongValue(bdSeq))
        .build();
  }

  /** NBIRTH with the bdSeq, Node Control/Rebirth and {@code metrics} (names and aliases). */
  void birth(int seq, Payload.Metric.Builder... metrics) throws MqttException {
    Payload.Builder birth =
        Payload.newBuilder()
            .setTimestamp(nextTimestamp())
            .setSeq(seq)
            .addMetrics(
                Payload.Metric.newBuilder()
                    .setName("bdSeq")
                    .setDatatype(DataType.INT64_VALUE)
                    .setLongValue(bdSeq))
            .addMetrics(
                Payload.Metric.newBuilder()
                    .setName("Node Control/Rebirth")
                    .setDatatype(DataType.BOOLEAN_VALUE)
                    .setBooleanValue(false));
    for (Payload.Metric.Builder metric : metrics) {
      birth.addMetrics(metric);
    }
    publish("NBIRTH", birth.build());
  }

  /** NDATA (QoS 0, Sparkplug 3.0 Topics chapter) with {@code seq} and metrics by alias. */
  void data(int seq, Payload.Metric.Builder... metrics) throws MqttException {
    Payload.Builder data = Payload.newBuilder().setTimestamp(nextTimestamp()).setSeq(seq);
    for (Payload.Metric.Builder metric : metrics) {
      data.addMetrics(metric);
    }
    publish("NDATA", data.build());
  }

  // Each message later than the one before, as a node's clock gives them; readings of the same
  // millisecond would not replace each other in the hub's latest values.
  private synchronized long nextTimestamp() {
    lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
    return lastTimestamp;
  }

  void publish(String type, Payload payload) throws MqttException {
    client.publish(
        topic(group, type, edgeNode), new MqttMessage(payload.toByteArray(), 0, false, null));
  }

  /** The SUBACK reason code of one subscription (0-2 granted, 0x87 not authorized). */
  int subscribe(String filter) throws MqttException {
    // No listener: adding one while Paho delivers a message can break its listener map.
    IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 0)});
    return token.getReasonCodes()[0];
  }

  boolean rebirthRequested() {
    return commands.stream()
        .flatMap(command -> command.getMetricsList().stream())
        .anyMatch(
            metric -> metric.getName().equals("Node Control/Rebirth") && metric.getBooleanValue());
  }

  /** Drops the connection without DISCONNECT, so the broker sends the will. */
  void crash() throws MqttException {
    client.disconnectForcibly(0, 1, false);
    client.close(true);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close(true);
  }
}
