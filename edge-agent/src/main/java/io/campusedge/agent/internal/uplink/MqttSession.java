package io.campusedge.agent.internal.uplink;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.protos.transport.NoDelaySocketFactory;
import io.campusedge.protos.transport.NoDelaySslSocketFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.SocketFactory;
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

/**
 * The Paho client under both uplinks: socket factory and credentials from the broker config, clean
 * start without Paho's own reconnect, and callbacks that only hand {@link UplinkEvent}s to the
 * uplink thread. Logs through the uplink's logger, so its messages stay under the uplink's name.
 */
final class MqttSession {
  static final long WAIT_MS = 10_000;

  /** Turns one arrived message into events; a malformed payload is logged and dropped. */
  @FunctionalInterface
  interface Messages {
    void arrived(String topic, MqttMessage message) throws InvalidProtocolBufferException;
  }

  private final AgentConfig.Broker broker;
  private final Logger log;
  private final SocketFactory sockets;
  private final MqttAsyncClient client;
  // Publishes handed to Paho on the current connection and not yet completed (PUBACK or failure).
  // Paho counts a publish against the broker's Receive Maximum only once its sender thread has
  // written it, yet refuses a new one when that count is at the maximum; counting from the
  // hand-over keeps this count at or above Paho's, so waiting on it never lets Paho refuse one.
  private final AtomicInteger uncompleted = new AtomicInteger();
  private final AtomicLong connection = new AtomicLong();

  MqttSession(
      AgentConfig.Broker broker,
      String clientId,
      Logger log,
      Consumer<UplinkEvent> events,
      Messages messages)
      throws UplinkException {
    this.broker = broker;
    this.log = log;
    this.sockets = socketFactory(broker);
    try {
      this.client = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new UplinkException("broker " + broker.url() + ": " + e.getMessage(), e);
    }
    this.client.setCallback(new Callbacks(events, messages));
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

  MqttAsyncClient client() {
    return client;
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** Connects with {@code will} on {@code willTopic} and waits for the CONNACK. */
  IMqttToken connect(String willTopic, MqttMessage will) throws MqttException {
    connection.incrementAndGet();
    uncompleted.set(0);
    IMqttToken connected = client.connect(options(willTopic, will));
    connected.waitForCompletion(WAIT_MS);
    return connected;
  }

  private MqttConnectionOptions options(String willTopic, MqttMessage will) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
    options.setSocketFactory(sockets);
    broker.username().ifPresent(options::setUserName);
    broker.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    options.setWill(willTopic, will);
    return options;
  }

  /** Subscribes and waits for the SUBACK. */
  IMqttToken subscribe(MqttSubscription... subscriptions) throws MqttException {
    IMqttToken subscribed = client.subscribe(subscriptions);
    subscribed.waitForCompletion(WAIT_MS);
    return subscribed;
  }

  /** Logs a failed connect attempt and drops whatever half of it stands; always false. */
  boolean notReachable(String reason) {
    log.info("Broker {} not reachable: {}", broker.url(), reason);
    disconnectQuietly();
    return false;
  }

  IMqttToken publish(String topic, byte[] payload, int qos, boolean retained)
      throws UplinkException {
    long on = connection.get();
    uncompleted.incrementAndGet();
    MqttActionListener completion =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            completed(on);
          }

          @Override
          public void onFailure(IMqttToken token, Throwable failure) {
            completed(on);
          }
        };
    try {
      return client.publish(topic, new MqttMessage(payload, qos, retained, null), null, completion);
    } catch (MqttException e) {
      completed(on);
      throw new UplinkException("publish to " + topic + " failed: " + e.getMessage(), e);
    }
  }

  /** A late completion from an earlier connection no longer counts. */
  private void completed(long on) {
    if (connection.get() == on) {
      uncompleted.decrementAndGet();
    }
  }

  /** Publishes of this connection that Paho has not completed yet (PUBACK or failure). */
  int publishesInFlight() {
    return uncompleted.get();
  }

  /** Publishes the death by hand and waits: a clean disconnect sends no will. */
  void publishDeath(String what, String topic, byte[] payload, int qos, boolean retained) {
    try {
      client.publish(topic, payload, qos, retained).waitForCompletion(WAIT_MS);
    } catch (MqttException e) {
      log.warn("Could not publish " + what + ": {}", e.getMessage());
    }
  }

  void disconnectQuietly() {
    try {
      if (client.isConnected()) {
        client.disconnect(WAIT_MS).waitForCompletion(WAIT_MS);
      }
    } catch (MqttException e) {
      log.debug("Disconnect: {}", e.getMessage());
    }
  }

  /** Runs {@code death} first when still connected, then disconnects and frees the client. */
  void close(Runnable death) {
    if (client.isConnected()) {
      death.run();
    }
    disconnectQuietly();
    try {
      client.close(true);
    } catch (MqttException e) {
      log.debug("Closing MQTT client: {}", e.getMessage());
    }
  }

  /** Paho drops the connection when a callback throws, so nothing escapes from here. */
  private final class Callbacks implements MqttCallback {
    private final Consumer<UplinkEvent> events;
    private final Messages messages;

    Callbacks(Consumer<UplinkEvent> events, Messages messages) {
      this.events = events;
      this.messages = messages;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        messages.arrived(topic, message);
      } catch (InvalidProtocolBufferException | NumberFormatException e) {
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
      events.accept(new UplinkEvent.ConnectionLost(reason));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.warn("MQTT error: {}", exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // PUBACK only: the native uplink deletes records on the hub's Ack, never here; the
      // Sparkplug uplink in ackMode publish waits on the publish tokens instead.
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
