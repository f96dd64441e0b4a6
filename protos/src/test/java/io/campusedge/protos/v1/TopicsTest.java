package io.campusedge.protos.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void buildsAndParsesEveryKind() {
    for (Topics.Kind kind : Topics.Kind.values()) {
      String topic = Topics.topic("THPT-NT", "gw-a101", kind);
      assertThat(Topics.parse(topic)).contains(new Topics.Address("THPT-NT", "gw-a101", kind));
    }
    assertThat(Topics.topic("S1", "gw1", Topics.Kind.CMD_RESULT))
        .isEqualTo("campusedge/v1/S1/gw1/cmd/result");
  }

  @Test
  void sharedSubscriptionFilter() {
    assertThat(Topics.sharedAllGateways(Topics.Kind.DATA))
        .isEqualTo("$share/hub/campusedge/v1/+/+/data");
  }

  @Test
  void rejectsTopicsOutsideTheNamespace() {
    assertThat(Topics.parse("campusedge/v2/S1/gw1/data")).isEmpty();
    assertThat(Topics.parse("campusedge/v1/S1/gw1/telemetry")).isEmpty();
    assertThat(Topics.parse("campusedge/v1/S1/data")).isEmpty();
    assertThat(Topics.parse("campusedge/v1/S+/gw1/data")).isEmpty();
    assertThat(Topics.parse(null)).isEmpty();
  }

  @Test
  void refusesWildcardsInIds() {
    assertThatThrownBy(() -> Topics.topic("S/1", "gw1", Topics.Kind.DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("site 'S/1'");
    assertThatThrownBy(() -> Topics.topic("S1", "#", Topics.Kind.DATA))
        .hasMessageContaining("gateway '#'");
  }
}
