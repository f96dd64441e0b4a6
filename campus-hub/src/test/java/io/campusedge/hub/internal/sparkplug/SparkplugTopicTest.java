package io.campusedge.hub.internal.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparkplugTopicTest {

  @Test
  void parsesNodeAndDeviceTopics() {
    assertThat(SparkplugTopic.parse("spBv1.0/school1/NDATA/plc-a101"))
        .contains(
            new SparkplugTopic(
                "school1", SparkplugTopic.MessageType.NDATA, "plc-a101", Optional.empty()));
    assertThat(SparkplugTopic.parse("spBv1.0/school1/DDATA/plc-a101/scd41"))
        .contains(
            new SparkplugTopic(
                "school1", SparkplugTopic.MessageType.DDATA, "plc-a101", Optional.of("scd41")));
  }

  @Test
  void refusesOtherShapes() {
    assertThat(SparkplugTopic.parse("spBv1.0/STATE/campusedge-hub")).isEmpty();
    assertThat(SparkplugTopic.parse("spBv1.0/school1/NDATA/plc-a101/extra")).isEmpty();
    assertThat(SparkplugTopic.parse("spBv1.0/school1/DDATA/plc-a101")).isEmpty();
    assertThat(SparkplugTopic.parse("spBv1.0/school1/XDATA/plc-a101")).isEmpty();
    assertThat(SparkplugTopic.parse("spAv1.0/school1/NDATA/plc-a101")).isEmpty();
    assertThat(SparkplugTopic.parse("spBv1.0//NDATA/plc-a101")).isEmpty();
  }
}
