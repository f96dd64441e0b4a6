package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

class PublishWindowTest {
  @Test
  void halfTheBrokersReceiveMaximum() {
    assertThat(PahoBrokerConnection.publishWindow(receiveMaximum(20))).isEqualTo(10); // Mosquitto
    assertThat(PahoBrokerConnection.publishWindow(receiveMaximum(100))).isEqualTo(50);
    assertThat(PahoBrokerConnection.publishWindow(receiveMaximum(1))).isEqualTo(1);
  }

  @Test
  void withoutAReceiveMaximumInConnackTheHubStillKeepsABound() {
    assertThat(PahoBrokerConnection.publishWindow(new MqttProperties())).isEqualTo(256);
    assertThat(PahoBrokerConnection.publishWindow(null)).isEqualTo(256);
  }

  private static MqttProperties receiveMaximum(int value) {
    MqttProperties properties = new MqttProperties();
    properties.setReceiveMaximum(value);
    return properties;
  }
}
