package io.campusedge.hub.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishWindowTest {
  @Test
  void halfTheBrokersReceiveMaximum() {
    assertThat(HiveMqBrokerConnection.publishWindow(20)).isEqualTo(10); // Mosquitto
    assertThat(HiveMqBrokerConnection.publishWindow(100)).isEqualTo(50);
    assertThat(HiveMqBrokerConnection.publishWindow(1)).isEqualTo(1);
  }

  @Test
  void withoutAReceiveMaximumInConnackTheHubStillKeepsABound() {
    // The client reports 65,535 when CONNACK leaves the Receive Maximum out (MQTT 5 3.2.2.3.3).
    assertThat(HiveMqBrokerConnection.publishWindow(65_535)).isEqualTo(256);
  }
}
