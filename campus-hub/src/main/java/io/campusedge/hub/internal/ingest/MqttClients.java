package io.campusedge.hub.internal.ingest;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;

/** What the hub's own MQTT sessions (ingestion, Sparkplug host, Kura) share. */
public final class MqttClients {
  private MqttClients() {}

  /** Last words while still connected (a death message), before the DISCONNECT. */
  @FunctionalInterface
  public interface LastWords {
    void send() throws MqttException;
  }

  /**
   * Disconnects (waiting up to 3 s, after {@code beforeDisconnect} while still connected) and
   * releases the client; a failure is only logged, the session ends anyway.
   */
  public static void closeQuietly(
      MqttAsyncClient client, LastWords beforeDisconnect, Logger log, String what) {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        beforeDisconnect.send();
        client.disconnect(2_000).waitForCompletion(3_000);
      }
      client.close(true);
    } catch (MqttException e) {
      log.debug("Closing the {} client: {}", what, e.getMessage());
    }
  }
}
