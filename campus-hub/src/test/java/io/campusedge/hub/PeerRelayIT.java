package io.campusedge.hub;

import static io.campusedge.hub.HubApi.get;
import static io.campusedge.hub.HubApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.events.PostgresPeerRelay;
import io.campusedge.hub.testing.TestPostgres;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.Room;
import io.micronaut.json.tree.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Two hub instances on one PostgreSQL database, each with its own broker: a gateway feeds the
 * first, and a dashboard connected to the second sees the reading live and in its rooms' latest
 * values, relayed over LISTEN/NOTIFY. A notification that is not ours is skipped.
 */
class PeerRelayIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private RunningHub first;
  private RunningHub second;
  private TestGateway gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    for (RunningHub hub : new RunningHub[] {first, second}) {
      if (hub != null) {
        hub.close();
      }
    }
  }

  @Test
  void aReadingIngestedByOneInstanceIsLiveOnTheOther() throws Exception {
    TestPostgres.Database database = TestPostgres.newDatabase();
    int firstBroker = TestHubs.freePort();
    first = CampusHub.start(properties("first", firstBroker, database));
    second = CampusHub.start(properties("second", TestHubs.freePort(), database));
    String admin = HubApi.token(second.httpUrl(), "admin", "sector-admin-password");
    try (EventStream stream = EventStream.open(second.httpUrl().resolve("/api/v1/events"), admin)) {
      await().atMost(TIMEOUT).until(() -> stream.sawLine(": connected"));

      gateway = TestGateway.connect(firstBroker, "s1", "gw-a101", "secret-a");
      gateway.publishState(
          GatewayState.newBuilder()
              .setOnline(true)
              .setSite("s1")
              .setGatewayId("gw-a101")
              .setEpoch(1)
              .addRooms(Room.newBuilder().setId("A101").setName("Phòng A101"))
              .addDevices(
                  DeviceInfo.newBuilder().setDeviceId("scd1").setType("scd4x").setRoomId("A101"))
              .build());
      await().atMost(TIMEOUT).until(() -> stream.sawLine("event: gateway"));
      gateway.publishBatch(TestGateway.co2("s1", "gw-a101", 1, 1321));

      await().atMost(TIMEOUT).until(() -> stream.sawLine("1321"));
      JsonNode reading = json(stream.lineContaining("1321").substring("data: ".length()));
      assertThat(reading.get("room").getStringValue()).isEqualTo("A101");
      assertThat(reading.get("gateway").getStringValue()).isEqualTo("gw-a101");

      // A batch too big for one notification goes as several, sent together: all arrive.
      Batch.Builder big = Batch.newBuilder().setSite("s1").setGatewayId("gw-a101").setEpoch(1);
      for (int i = 0; i < 300; i++) {
        big.addRecords(
            Record.newBuilder()
                .setSeq(2 + i)
                .setClock(ClockState.newBuilder().setSynced(true))
                .setReading(
                    Reading.newBuilder()
                        .setDeviceId("scd1")
                        .setMetric("noise")
                        .setDoubleValue(30 + i / 1000.0)
                        .setUnit("dB")
                        .setSourceTimeMs(System.currentTimeMillis())
                        .setQuality(Quality.QUALITY_GOOD)));
      }
      assertThat(big.build().getSerializedSize())
          .as("above one notification's 7,000 bytes")
          .isGreaterThan(7_000);
      gateway.publishBatch(big.build());
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  stream.lines().stream().filter(line -> line.contains("\"noise\"")).count()
                      == 300);
    }
    JsonNode rooms = json(get(second.httpUrl(), "/api/v1/rooms", admin).body());
    assertThat(rooms.size()).isEqualTo(1);
    assertThat(rooms.get(0).get("latest").get("co2").get("value").getDoubleValue())
        .isEqualTo(1321.0);

    // Garbage on the channel (another program, a newer hub) is skipped, not fatal.
    PostgresPeerRelay relay = second.applicationContext().getBean(PostgresPeerRelay.class);
    relay.receive("not json");
    relay.receive("{\"o\":\"someone\",\"n\":\"readings\",\"b\":\"%%%\"}");
    relay.receive("{\"o\":\"someone\",\"n\":\"from-the-future\",\"e\":{}}");
    assertThat(get(second.httpUrl(), "/api/v1/rooms", admin).statusCode()).isEqualTo(200);
  }

  @Test
  void readingsAreRelayedOnlyWhileAnotherInstanceSaysItListens() throws Exception {
    TestPostgres.Database database = TestPostgres.newDatabase();
    int broker = TestHubs.freePort();
    first = CampusHub.start(properties("first", broker, database));
    try (Connection listener =
        DriverManager.getConnection(database.jdbcUrl(), TestPostgres.Database.USER, "")) {
      try (Statement statement = listener.createStatement()) {
        statement.execute("LISTEN campusedge_live");
      }
      PGConnection channel = listener.unwrap(PGConnection.class);
      List<String> relayed = new ArrayList<>();
      gateway = TestGateway.connect(broker, "s1", "gw-a101", "secret-a");

      // Alone (this test's listener says no hello): the reading is stored, nothing relayed.
      gateway.publishBatch(TestGateway.co2("s1", "gw-a101", 1, 1111));
      await().atMost(TIMEOUT).until(() -> gateway.acked(1, 1));

      first
          .applicationContext()
          .getBean(PostgresPeerRelay.class)
          .receive("{\"o\":\"peer-hub\",\"n\":\"hello\"}");
      gateway.publishBatch(TestGateway.co2("s1", "gw-a101", 2, 2222));
      // Relayed in commit order: had the first reading been relayed, it would be seen first.
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                PGNotification[] heard = channel.getNotifications(100);
                for (PGNotification each : heard == null ? new PGNotification[0] : heard) {
                  if (each.getParameter().contains("\"readings\"")) {
                    relayed.add(each.getParameter());
                  }
                }
                return !relayed.isEmpty();
              });
      String encoded = json(relayed.get(0)).get("b").getStringValue();
      assertThat(Batch.parseFrom(Base64.getDecoder().decode(encoded)).getRecords(0).getReading())
          .returns(2222.0, Reading::getDoubleValue);
    }
  }

  private Map<String, Object> properties(
      String name, int brokerPort, TestPostgres.Database database) {
    Map<String, Object> properties =
        TestHubs.properties(
            dir.resolve(name),
            brokerPort,
            "sector-admin-password",
            List.of(Map.of("id", "gw-a101", "site", "s1", "password", "secret-a")));
    properties.put(HubProperties.DATASOURCE_URL, database.jdbcUrl());
    properties.put(HubProperties.DATASOURCE_USERNAME, TestPostgres.Database.USER);
    properties.put(HubProperties.DATASOURCE_PASSWORD, "");
    return properties;
  }
}
