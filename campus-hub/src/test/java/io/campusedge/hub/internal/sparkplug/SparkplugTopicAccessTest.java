package io.campusedge.hub.internal.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparkplugTopicAccessTest {
  private final SparkplugTopicAccess access =
      new SparkplugTopicAccess(
          List.of(new SparkplugEdgeNode("school1", "plc-a101", "S1", "gw-spb", "A101", null)));

  @Test
  void aMappedGatewayPublishesOnlyItsOwnNodesMessages() {
    assertThat(access.publishFilters("gw-spb"))
        .containsExactlyInAnyOrder(
            "spBv1.0/school1/NBIRTH/plc-a101",
            "spBv1.0/school1/NDATA/plc-a101",
            "spBv1.0/school1/NDEATH/plc-a101",
            "spBv1.0/school1/DBIRTH/plc-a101/+",
            "spBv1.0/school1/DDATA/plc-a101/+",
            "spBv1.0/school1/DDEATH/plc-a101/+");
    assertThat(access.subscribeFilters("gw-spb"))
        .containsExactlyInAnyOrder(
            "spBv1.0/school1/NCMD/plc-a101", "spBv1.0/school1/DCMD/plc-a101/+", "spBv1.0/STATE/+");
  }

  @Test
  void otherGatewaysGetNothing() {
    assertThat(access.publishFilters("gw-other")).isEmpty();
    assertThat(access.subscribeFilters("gw-other")).isEmpty();
  }
}
