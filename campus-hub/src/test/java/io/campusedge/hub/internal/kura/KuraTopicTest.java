package io.campusedge.hub.internal.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KuraTopicTest {

  @Test
  void parsesLifecycleAndDataTopics() {
    assertThat(KuraTopic.parse("$EDC/campus/00:E0:4C:36:12:5A/MQTT/BIRTH"))
        .contains(new KuraTopic.Control("campus", "00:E0:4C:36:12:5A", KuraTopic.Lifecycle.BIRTH));
    assertThat(KuraTopic.parse("$EDC/campus/gw1/MQTT/LWT"))
        .contains(new KuraTopic.Control("campus", "gw1", KuraTopic.Lifecycle.LWT));
    assertThat(KuraTopic.parse("campus/gw1/env/sensors"))
        .contains(new KuraTopic.Data("campus", "gw1", List.of("env", "sensors")));
  }

  @Test
  void refusesOtherShapes() {
    assertThat(KuraTopic.parse("$EDC/campus/gw1/CONF-V1/GET/configurations")).isEmpty();
    assertThat(KuraTopic.parse("$EDC/campus/gw1/MQTT/REBOOT")).isEmpty();
    assertThat(KuraTopic.parse("campus/gw1")).isEmpty();
    assertThat(KuraTopic.parse("campus//env")).isEmpty();
    assertThat(KuraTopic.parse("$SYS/broker/uptime")).isEmpty();
  }
}
