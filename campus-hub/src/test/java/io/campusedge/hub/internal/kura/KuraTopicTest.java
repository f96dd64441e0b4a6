package io.campusedge.hub.internal.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KuraTopicTest {

  @Test
  void parsesLifecycleAndDataTopics() {
    assertThat(KuraTopic.parse("$EDC/campus/00:E0:4C:36:12:5A/MQTT/BIRTH", "$EDC"))
        .contains(new KuraTopic.Control("campus", "00:E0:4C:36:12:5A", KuraTopic.Lifecycle.BIRTH));
    assertThat(KuraTopic.parse("$EDC/campus/gw1/MQTT/LWT", "$EDC"))
        .contains(new KuraTopic.Control("campus", "gw1", KuraTopic.Lifecycle.LWT));
    assertThat(KuraTopic.parse("campus/gw1/env/sensors", "$EDC"))
        .contains(new KuraTopic.Data("campus", "gw1", List.of("env", "sensors")));
  }

  @Test
  void theControlPrefixIsConfigurable() {
    assertThat(KuraTopic.parse("EDC/campus/gw1/MQTT/DC", "EDC"))
        .contains(new KuraTopic.Control("campus", "gw1", KuraTopic.Lifecycle.DC));
    // With prefix EDC, EDC/... is never data of an account named EDC.
    assertThat(KuraTopic.parse("EDC/campus/gw1/CONF-V1/GET", "EDC")).isEmpty();
  }

  @Test
  void refusesOtherShapes() {
    assertThat(KuraTopic.parse("$EDC/campus/gw1/CONF-V1/GET/configurations", "$EDC")).isEmpty();
    assertThat(KuraTopic.parse("$EDC/campus/gw1/MQTT/REBOOT", "$EDC")).isEmpty();
    assertThat(KuraTopic.parse("campus/gw1", "$EDC")).isEmpty();
    assertThat(KuraTopic.parse("campus//env", "$EDC")).isEmpty();
    assertThat(KuraTopic.parse("$SYS/broker/uptime", "$EDC")).isEmpty();
  }
}
