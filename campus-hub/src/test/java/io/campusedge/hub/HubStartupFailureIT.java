package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.hub.api.HubProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad configuration stops start-up with a message naming the property. */
class HubStartupFailureIT {
  @TempDir Path dataDir;

  @Test
  void aGatewayIdThatCannotBeATopicSegmentIsRefused() {
    Map<String, Object> properties =
        Map.of(
            HubProperties.DATA_DIR, dataDir.toString(),
            HubProperties.HTTP_PORT, -1,
            HubProperties.BOOTSTRAP_GATEWAYS,
                List.of(Map.of("id", "room/101", "site", "s1", "password", "x")));

    assertThatThrownBy(() -> CampusHub.start(properties))
        .hasMessageContaining("campusedge.bootstrap.gateways[].id 'room/101'");
  }

  @Test
  void anExternalBrokerNeedsAUrl() {
    Map<String, Object> properties =
        Map.of(
            HubProperties.DATA_DIR,
            dataDir.toString(),
            HubProperties.HTTP_PORT,
            -1,
            HubProperties.BROKER_EMBEDDED,
            false);

    assertThatThrownBy(() -> CampusHub.start(properties))
        .hasMessageContaining("campusedge.broker.url is required");
  }

  @Test
  void anUnknownStoreForTheEmbeddedBrokerIsRefused() {
    Map<String, Object> properties =
        Map.of(
            HubProperties.DATA_DIR,
            dataDir.toString(),
            HubProperties.HTTP_PORT,
            -1,
            "campusedge.broker.persistence",
            "disk");

    assertThatThrownBy(() -> CampusHub.start(properties))
        .hasMessageContaining("campusedge.broker.persistence is 'disk'; use file or in-memory");
  }

  @Test
  void anInvalidBrokerPortIsRefused() {
    Map<String, Object> properties =
        Map.of(
            HubProperties.DATA_DIR, dataDir.toString(),
            HubProperties.HTTP_PORT, -1,
            HubProperties.BROKER_PORT, 70_000);

    assertThatThrownBy(() -> CampusHub.start(properties)).hasMessageContaining("BrokerConfig.port");
  }

  @Test
  void aDatabaseOtherThanH2OrPostgresqlIsRefused() {
    Map<String, Object> properties =
        Map.of(
            HubProperties.DATA_DIR,
            dataDir.toString(),
            HubProperties.HTTP_PORT,
            -1,
            HubProperties.DATASOURCE_URL,
            "jdbc:h3:mem:x;password=hunter2");

    assertThatThrownBy(() -> CampusHub.start(properties))
        .hasMessageContaining("jdbc:h3:mem:x")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aRetentionShorterThanADayIsRefused() {
    Map<String, Object> properties =
        Map.of(
            HubProperties.DATA_DIR,
            dataDir.toString(),
            HubProperties.HTTP_PORT,
            -1,
            HubProperties.STORAGE_RETENTION,
            "2h");

    assertThatThrownBy(() -> CampusHub.start(properties))
        .hasMessageContaining("campusedge.storage.retention is PT2H");
  }
}
