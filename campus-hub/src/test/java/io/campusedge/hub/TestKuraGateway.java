package io.campusedge.hub;

import io.campusedge.protos.kura.Kura.KuraPayload;
import io.campusedge.protos.kura.Kura.KuraPayload.KuraMetric;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A Kura gateway by hand: Kura's topic namespace and lifecycle (the LWT as MQTT will, BIRTH after
 * connect, DC before a clean disconnect) with KuraPayload bytes. Its control prefix is {@code EDC}:
 * the embedded HiveMQ broker refuses PUBLISH to topics starting with '$'.
 */
final class TestKuraGateway implements AutoCloseable {
  private final String account;
  private final String clientId;
  private final MqttClient client;

  private TestKuraGateway(String account, String clientId, MqttClient client) {
    this.account = account;
    this.clientId = clientId;
    this.client = client;
  }

  static TestKuraGateway connect(
      int brokerPort, String account, String clientId, String username, String password)
      throws MqttException {
    MqttClient client =
        new MqttClient(
            "tcp://127.0.0.1:" + brokerPort, clientId.replace(':', '-'), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setUserName(username);
    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    options.setWill(
        lifecycle(account, clientId, "LWT"),
        new MqttMessage(
            KuraPayload.newBuilder().setTimestamp(System.currentTimeMillis()).build().toByteArray(),
            0,
            false,
            null));
    client.connect(options);
    return new TestKuraGateway(account, clientId, client);
  }

  static final String CONTROL_PREFIX = "EDC";

  static String lifecycle(String account, String clientId, String kind) {
    return CONTROL_PREFIX + "/" + account + "/" + clientId + "/MQTT/" + kind;
  }

  void birth(String applicationIds) throws MqttException {
    KuraPayload birth =
        KuraPayload.newBuilder()
            .setTimestamp(System.currentTimeMillis())
            .addMetric(string("display_name", "Physics lab gateway"))
            .addMetric(string("model_name", "Raspberry Pi 4"))
            .addMetric(string("firmware_version", "5.4.0"))
            .addMetric(string("application_ids", applicationIds))
            .build();
    client.publish(
        lifecycle(account, clientId, "BIRTH"),
        new MqttMessage(birth.toByteArray(), 1, false, null));
  }

  void publish(String semanticTopic, KuraPayload payload) throws MqttException {
    client.publish(
        account + "/" + clientId + "/" + semanticTopic,
        new MqttMessage(payload.toByteArray(), 1, false, null));
  }

  void crash() throws MqttException {
    client.disconnectForcibly(0, 1, false);
    client.close(true);
  }

  private static KuraMetric.Builder string(String name, String value) {
    return KuraMetric.newBuilder()
        .setName(name)
        .setType(KuraMetric.ValueType.STRING)
        .setStringValue(value);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.publish(
          lifecycle(account, clientId, "DC"),
          new MqttMessage(
              KuraPayload.newBuilder()
                  .setTimestamp(System.currentTimeMillis())
                  .build()
                  .toByteArray(),
              0,
              false,
              null));
      client.disconnect();
    }
    client.close(true);
  }
}
