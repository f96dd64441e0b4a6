package io.campusedge.agent.internal.uplink;

import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Topics;
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
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Stands in for campus-hub: takes batches from every gateway, remembers each seq once, and acks the
 * highest contiguous seq when acking is on.
 */
final class FakeHub implements AutoCloseable {
  private final String url;
  private final NavigableSet<Long> stored = new ConcurrentSkipListSet<>();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final List<GatewayState> states = new CopyOnWriteArrayList<>();
  private volatile boolean acking;
  private volatile long epoch;
  private volatile String lastDataTopic;
  private final List<CommandResult> results = new CopyOnWriteArrayList<>();
  private MqttAsyncClient client;

  FakeHub(String url, boolean acking) {
    this.url = url;
    this.acking = acking;
  }

  /** Connects (again, after a broker restart) and subscribes to data and state. */
  synchronized void connect() throws MqttException {
    closeClient();
    client = new MqttAsyncClient(url, "fake-hub", new MemoryPersistence());
    client.setCallback(new Receiver());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    client.connect(options).waitForCompletion(10_000);
    client
        .subscribe(
            new MqttSubscription[] {
              new MqttSubscription(Topics.allGateways(Topics.Kind.DATA), 1),
              new MqttSubscription(Topics.allGateways(Topics.Kind.STATE), 1),
              new MqttSubscription(Topics.allGateways(Topics.Kind.CMD_RESULT), 1)
            })
        .waitForCompletion(10_000);
  }

  /** Runs on Paho's callback thread, one message at a time, so arrivals keep their order. */
  private final class Receiver implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
      if (topic.endsWith("/data")) {
        onBatch(topic, Batch.parseFrom(message.getPayload()));
      } else if (topic.endsWith("/state")) {
        states.add(GatewayState.parseFrom(message.getPayload()));
      } else if (topic.endsWith("/cmd/result")) {
        results.add(CommandResult.parseFrom(message.getPayload()));
      }
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

  private void onBatch(String topic, Batch batch) throws MqttException {
    epoch = batch.getEpoch();
    lastDataTopic = topic;
    for (Record record : batch.getRecordsList()) {
      arrivals.add(record.getSeq());
      stored.add(record.getSeq());
    }
    if (acking) {
      ack(topic);
    }
  }

  private void ack(String dataTopic) throws MqttException {
    Topics.Address address = Topics.parse(dataTopic).orElseThrow();
    Ack ack = Ack.newBuilder().setEpoch(epoch).setUptoSeq(contiguousUpTo()).build();
    String ackTopic = Topics.topic(address.site(), address.gateway(), Topics.Kind.ACK);
    client.publish(ackTopic, ack.toByteArray(), 1, false);
  }

  /** Acks what has arrived so far right away, then every batch. */
  void startAcking() throws MqttException {
    acking = true;
    if (lastDataTopic != null) {
      ack(lastDataTopic);
    }
  }

  void send(String site, String gateway, Command command) throws MqttException {
    client.publish(Topics.topic(site, gateway, Topics.Kind.CMD), command.toByteArray(), 1, false);
  }

  /** Publishes anything on a gateway's cmd topic, to see how the gateway takes garbage. */
  void sendRaw(String site, String gateway, byte[] payload) throws MqttException {
    client.publish(Topics.topic(site, gateway, Topics.Kind.CMD), payload, 1, false);
  }

  List<CommandResult> results() {
    return results;
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

  NavigableSet<Long> stored() {
    return stored;
  }

  /** Every seq in arrival order, duplicates included. */
  List<Long> arrivals() {
    return arrivals;
  }

  List<GatewayState> states() {
    return states;
  }

  private void closeClient() {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close(true);
    } catch (MqttException e) {
      // The broker may already be gone.
    }
    client = null;
  }

  @Override
  public synchronized void close() {
    closeClient();
  }
}
