package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.broker.BrokerControl;
import io.campusedge.hub.internal.broker.MqttCredentials;
import io.campusedge.hub.internal.config.BrokerConfig;
import io.campusedge.protos.v1.Topics;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
 * The hub's Paho MQTT 5 session: clean start, its own reconnect loop with backoff, and the data
 * (shared) and state subscriptions made again after every connect.
 */
@Singleton
public class PahoBrokerConnection implements BrokerConnection, MqttCallback {
  private static final Logger LOG = LoggerFactory.getLogger(PahoBrokerConnection.class);
  private static final long MAX_BACKOFF_MS = 30_000;

  private final BrokerControl broker;
  private final String dataFilter;
  private final ScheduledExecutorService reconnects =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "hub-mqtt-connect");
            thread.setDaemon(true);
            return thread;
          });
  private volatile MqttAsyncClient client;
  private volatile MessageHandler handler;
  private volatile boolean subscribed;
  private volatile boolean closed;
  private long backoffMs = 1_000;

  public PahoBrokerConnection(BrokerControl broker, BrokerConfig config) {
    this.broker = broker;
    this.dataFilter =
        config.useSharedSubscription()
            ? Topics.sharedAllGateways(Topics.Kind.DATA)
            : Topics.allGateways(Topics.Kind.DATA);
  }

  @Override
  public synchronized void start(MessageHandler messageHandler) {
    if (client != null) {
      return;
    }
    this.handler = messageHandler;
    try {
      // Memory persistence: the hub keeps no MQTT session files; gateways resend unacked data.
      client =
          new MqttAsyncClient(
              broker.clientUri().toString(),
              "campusedge-hub-" + UUID.randomUUID().toString().substring(0, 8),
              new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException("Invalid broker URL " + broker.clientUri(), e);
    }
    client.setCallback(this);
    reconnects.execute(this::connect);
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      client.connect(options()).waitForCompletion(15_000);
      backoffMs = 1_000;
    } catch (MqttException e) {
      LOG.warn(
          "Cannot connect to MQTT broker {}: {}; retrying in {} ms",
          broker.clientUri(),
          e.getMessage(),
          backoffMs);
      reconnects.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    MqttCredentials credentials = broker.hubCredentials();
    if (!credentials.username().isEmpty()) {
      options.setUserName(credentials.username());
      options.setPassword(credentials.password().getBytes(StandardCharsets.UTF_8));
    }
    return options;
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    MqttSubscription[] subscriptions = {
      new MqttSubscription(dataFilter, 1),
      new MqttSubscription(Topics.allGateways(Topics.Kind.STATE), 1)
    };
    try {
      client.subscribe(subscriptions, null, new SubscribeListener(), new MqttProperties());
    } catch (MqttException e) {
      LOG.warn("Subscribing to gateway topics failed: {}", e.getMessage());
    }
  }

  private final class SubscribeListener implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      for (int reasonCode : token.getReasonCodes()) {
        if (reasonCode > 2) {
          LOG.error("Broker refused a hub subscription (reason code {})", reasonCode);
          return;
        }
      }
      subscribed = true;
      LOG.info("Ingesting {} from MQTT broker {}", dataFilter, broker.clientUri());
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
      LOG.warn("Subscribing to gateway topics failed: {}", failure.toString());
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    subscribed = false;
    if (closed) {
      return;
    }
    LOG.warn("Lost connection to MQTT broker: {}; reconnecting", response.getReasonString());
    reconnects.execute(this::connect);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    MessageHandler target = handler;
    try {
      target.onMessage(topic, message.getPayload());
    } catch (RuntimeException e) {
      LOG.error("Message on {} not handled", topic, e);
    }
  }

  @Override
  public boolean isConnected() {
    MqttAsyncClient current = client;
    return subscribed && current != null && current.isConnected();
  }

  @Override
  public void publish(String topic, byte[] payload) {
    MqttAsyncClient current = client;
    if (current == null || !current.isConnected()) {
      LOG.debug("Not connected; message for {} dropped", topic);
      return;
    }
    try {
      MqttMessage message = new MqttMessage(payload, 1, false, null);
      current.publish(topic, message);
    } catch (MqttException e) {
      // Acks are cumulative: the next ack for this gateway covers this one.
      LOG.warn("Publishing to {} failed: {}", topic, e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    subscribed = false;
    reconnects.shutdownNow();
    MqttAsyncClient current = client;
    if (current == null) {
      return;
    }
    try {
      if (current.isConnected()) {
        current.disconnect(2_000).waitForCompletion(3_000);
      }
      current.close(true);
    } catch (MqttException e) {
      LOG.debug("Closing the MQTT client: {}", e.getMessage());
    }
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("MQTT error: {}", exception.getMessage());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
