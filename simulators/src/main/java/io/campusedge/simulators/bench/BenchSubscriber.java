package io.campusedge.simulators.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.campusedge.protos.transport.NoDelaySocketFactory;
import io.campusedge.protos.v1.Ack;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Topics;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 * Plays the hub without storing: counts the records of every batch per gateway and, every 20 ms,
 * acknowledges the highest seq received per gateway and epoch so agents delete their rows. Batches
 * arrive in order per gateway on one connection, so the highest seq is contiguous.
 */
final class BenchSubscriber implements AutoCloseable {
  /** The MQTT client under the subscriber: Paho's, or the HiveMQ client the hub ingests with. */
  enum Client {
    PAHO,
    HIVEMQ
  }

  /** One subscribed session: it hands every payload to the subscriber and publishes its acks. */
  private interface Link extends AutoCloseable {
    /** QoS 1; false when the client cannot take it now (the next round sends a newer ack). */
    boolean publish(String topic, byte[] payload);

    @Override
    void close();
  }

  private final String site;
  private final Link link;
  private final Map<String, Expectation> expectations = new ConcurrentHashMap<>();
  private final Map<String, long[]> highest = new ConcurrentHashMap<>();
  private final Map<String, long[]> acked = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder totalReadings =
      new java.util.concurrent.atomic.LongAdder();
  private final ScheduledExecutorService acker = Executors.newSingleThreadScheduledExecutor();

  BenchSubscriber(String url, String site) throws MqttException {
    this(url, site, Client.PAHO);
  }

  BenchSubscriber(String url, String site, Client client) throws MqttException {
    this.site = site;
    this.link = client == Client.PAHO ? pahoLink(url) : hivemqLink(url);
    acker.scheduleWithFixedDelay(this::ack, 20, 20, TimeUnit.MILLISECONDS);
  }

  private Link pahoLink(String url) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(url, "bench-subscriber", new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setReceiveMaximum(1000);
    options.setSocketFactory(new NoDelaySocketFactory());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) {
            try {
              onBatch(ByteBuffer.wrap(message.getPayload()));
            } catch (RuntimeException e) {
              e.printStackTrace();
              throw e;
            }
          }

          @Override
          public void disconnected(MqttDisconnectResponse response) {
            System.err.println("bench subscriber disconnected: " + response);
          }

          @Override
          public void mqttErrorOccurred(MqttException exception) {
            System.err.println("bench subscriber: " + exception);
          }

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    client.connect(options).waitForCompletion(10_000);
    IMqttToken subscribed =
        client.subscribe(
            new MqttSubscription[] {new MqttSubscription(Topics.allGateways(Topics.Kind.DATA), 1)},
            null,
            null,
            new MqttProperties());
    subscribed.waitForCompletion(10_000);
    for (int reasonCode : subscribed.getReasonCodes()) {
      if (reasonCode > 1) {
        throw new IllegalStateException("the broker refused the subscription: " + reasonCode);
      }
    }
    return new Link() {
      @Override
      public boolean publish(String topic, byte[] payload) {
        try {
          client.publish(topic, new MqttMessage(payload, 1, false, null));
          return true;
        } catch (MqttException e) {
          return false; // too many in flight
        }
      }

      @Override
      public void close() {
        try {
          client.disconnect().waitForCompletion(5_000);
          client.close();
        } catch (MqttException e) {
          AgentBench.ignore(e);
        }
      }
    };
  }

  private Link hivemqLink(String url) {
    URI uri = URI.create(url);
    Mqtt5AsyncClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("bench-subscriber")
            .serverHost(uri.getHost())
            .serverPort(uri.getPort())
            .buildAsync();
    // Messages arrive on the client's event loop and are acknowledged when the callback returns.
    client.publishes(
        MqttGlobalPublishFilter.SUBSCRIBED,
        publish -> onBatch(publish.getPayload().orElse(ByteBuffer.allocate(0))));
    client
        .connectWith()
        .cleanStart(true)
        .restrictions()
        .receiveMaximum(1000)
        .applyRestrictions()
        .send()
        .join();
    Mqtt5SubAck subAck =
        client
            .subscribeWith()
            .topicFilter(Topics.allGateways(Topics.Kind.DATA))
            .qos(MqttQos.AT_LEAST_ONCE)
            .send()
            .join();
    for (Mqtt5SubAckReasonCode reasonCode : subAck.getReasonCodes()) {
      if (reasonCode.isError()) {
        throw new IllegalStateException("the broker refused the subscription: " + reasonCode);
      }
    }
    return new Link() {
      @Override
      public boolean publish(String topic, byte[] payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
        return true;
      }

      @Override
      public void close() {
        client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(failure -> null).join();
      }
    };
  }

  /** Counts readings of {@code gateway} from now until {@code readings} arrived. */
  Expectation expect(String gateway, long readings, boolean acknowledge) {
    Expectation expectation = new Expectation(readings, acknowledge);
    expectations.put(gateway, expectation);
    return expectation;
  }

  /** Readings received from every gateway since the start. */
  long totalReadings() {
    return totalReadings.sum();
  }

  /** The moment the first batch of {@code gateway} arrived, or 0. */
  long firstArrivalNanos(String gateway) {
    Expectation expectation = expectations.get(gateway);
    return expectation == null ? 0 : expectation.firstNanos;
  }

  private void onBatch(ByteBuffer payload) {
    Batch batch;
    try {
      batch = Batch.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      System.err.println("bench subscriber: malformed batch: " + e.getMessage());
      return;
    }
    totalReadings.add(batch.getRecordsCount());
    Expectation expectation = expectations.get(batch.getGatewayId());
    if (expectation != null) {
      expectation.add(batch.getRecordsCount());
    }
    if (expectation != null && expectation.acknowledge && batch.getRecordsCount() > 0) {
      long last = batch.getRecords(batch.getRecordsCount() - 1).getSeq();
      highest.merge(
          batch.getGatewayId(),
          new long[] {batch.getEpoch(), last},
          (old, now) -> now[0] != old[0] || now[1] > old[1] ? now : old);
    }
  }

  private void ack() {
    highest.forEach(
        (gateway, position) -> {
          long[] sent = acked.get(gateway);
          if (sent != null && sent[0] == position[0] && sent[1] == position[1]) {
            return;
          }
          Ack ack =
              Ack.newBuilder()
                  .setEpoch(position[0])
                  .setUptoSeq(position[1])
                  .setCommittedTimeMs(System.currentTimeMillis())
                  .build();
          if (link.publish(Topics.topic(site, gateway, Topics.Kind.ACK), ack.toByteArray())) {
            acked.put(gateway, position.clone());
          }
        });
  }

  @Override
  public void close() {
    acker.shutdownNow();
    link.close();
  }

  /** Readings expected from one gateway. */
  static final class Expectation {
    private final long expected;
    private final boolean acknowledge;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final CountDownLatch complete = new CountDownLatch(1);
    private volatile long firstNanos;

    Expectation(long expected, boolean acknowledge) {
      this.expected = expected;
      this.acknowledge = acknowledge;
    }

    void add(int records) {
      if (firstNanos == 0) {
        firstNanos = System.nanoTime();
      }
      messages.incrementAndGet();
      if (readings.addAndGet(records) >= expected) {
        complete.countDown();
      }
    }

    long messages() {
      return messages.get();
    }

    long readings() {
      return readings.get();
    }

    void await(Duration timeout) throws InterruptedException, TimeoutException {
      if (!complete.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            "only " + readings.get() + " of " + expected + " readings arrived in " + timeout);
      }
    }
  }
}
