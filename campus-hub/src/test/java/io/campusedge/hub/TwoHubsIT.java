package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.ingest.HiveMqBrokerConnection;
import io.campusedge.hub.internal.ingest.IngestStats;
import io.campusedge.hub.testing.SlowStoreForTests;
import io.campusedge.hub.testing.TestMosquitto;
import io.campusedge.hub.testing.TestMosquitto.User;
import io.campusedge.hub.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub instances, one Mosquitto, one PostgreSQL: the shared subscription splits the stream, one
 * instance is stopped mid-stream, and every record is still stored exactly once.
 */
class TwoHubsIT {
  private static final String SITE = "s1";
  private static final int GATEWAYS = 4;
  private static final int BATCHES = 80;
  private static final int RECORDS_PER_BATCH = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private TestMosquitto mosquitto;
  private TestPostgres.Database database;
  private RunningHub first;
  private RunningHub second;
  private final List<TestGateway> gateways = new ArrayList<>();

  @BeforeAll
  static void needsMosquitto() {
    TestMosquitto.assumeInstalled();
  }

  @AfterEach
  void stop() throws Exception {
    for (TestGateway gateway : gateways) {
      gateway.close();
    }
    for (RunningHub hub : new RunningHub[] {first, second}) {
      if (hub != null) {
        hub.close();
      }
    }
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Test
  void stoppingOneOfTwoHubsMidStreamLosesAndDuplicatesNothing() throws Exception {
    List<User> users = new ArrayList<>(List.of(User.hub("hub", "hub-secret")));
    for (int i = 1; i <= GATEWAYS; i++) {
      users.add(User.gateway("gw-" + i, "secret-" + i, SITE));
    }
    mosquitto = TestMosquitto.start(dir.resolve("mosquitto"), users, "");
    database = TestPostgres.newDatabase();
    first = CampusHub.start(hubProperties("hub-1"));
    second = CampusHub.start(hubProperties("hub-2"));
    await().atMost(TIMEOUT).until(() -> connected(first) && connected(second));
    List<GatewayStream> streams = new ArrayList<>();
    for (int i = 1; i <= GATEWAYS; i++) {
      TestGateway gateway = TestGateway.connect(mosquitto.url(), SITE, "gw-" + i, "secret-" + i);
      gateways.add(gateway);
      streams.add(new GatewayStream(gateway, 21, BATCHES, RECORDS_PER_BATCH));
    }

    publishRounds(streams, BATCHES / 2 / 4);
    await().atMost(TIMEOUT).until(() -> stats(first).batchesAccepted() > 0);
    IngestStats.Snapshot firstBeforeStop = stats(first);
    first.close();
    first = null;
    publishRounds(streams, BATCHES);
    int resent = MosquittoHubIT.awaitAllAcked(streams);

    long total = (long) GATEWAYS * BATCHES * RECORDS_PER_BATCH;
    assertThat(count("SELECT COUNT(*) FROM stored_record")).isEqualTo(total);
    assertThat(count("SELECT COUNT(*) FROM reading")).isEqualTo(total);
    assertThat(count("SELECT COUNT(*) FROM gateway_stream WHERE upto_seq = " + BATCHES * 10))
        .isEqualTo(GATEWAYS);
    assertThat(firstBeforeStop.batchesAccepted()).isPositive();
    assertThat(stats(second).batchesAccepted()).isPositive();
    System.out.printf(
        "Two hubs: first stored %d batches before it stopped, second %d in all; %d duplicates"
            + " skipped by the second; %d batches resent by gateways%n",
        firstBeforeStop.batchesAccepted(),
        stats(second).batchesAccepted(),
        stats(second).duplicates(),
        resent);
  }

  /** Four batches per gateway per round, 20 ms apart, until {@code rounds} or the end. */
  private static void publishRounds(List<GatewayStream> streams, int rounds) throws Exception {
    for (int round = 0; round < rounds; round++) {
      boolean more = false;
      for (GatewayStream stream : streams) {
        more |= stream.publishNext(4);
      }
      if (!more) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private Map<String, Object> hubProperties(String clientId) {
    List<Map<String, String>> seeds = new ArrayList<>();
    for (int i = 1; i <= GATEWAYS; i++) {
      seeds.add(Map.of("id", "gw-" + i, "site", SITE, "password", "secret-" + i));
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put(HubProperties.DATA_DIR, dir.resolve(clientId).toString());
    properties.put(HubProperties.HTTP_PORT, -1);
    properties.put(HubProperties.BROKER_EMBEDDED, false);
    properties.put(HubProperties.BROKER_URL, mosquitto.url());
    properties.put(HubProperties.BROKER_USERNAME, "hub");
    properties.put(HubProperties.BROKER_PASSWORD, "hub-secret");
    properties.put("campusedge.broker.client-id", clientId);
    properties.put(HubProperties.BOOTSTRAP_GATEWAYS, seeds);
    properties.put(HubProperties.PASSWORD_HASH_ITERATIONS, 10_000);
    properties.put(HubProperties.DATASOURCE_URL, database.jdbcUrl());
    properties.put(HubProperties.DATASOURCE_USERNAME, TestPostgres.Database.USER);
    properties.put(HubProperties.DATASOURCE_PASSWORD, "");
    properties.put(SlowStoreForTests.DELAY, "5ms");
    return properties;
  }

  private static boolean connected(RunningHub hub) {
    return hub.applicationContext().getBean(HiveMqBrokerConnection.class).isConnected();
  }

  private static IngestStats.Snapshot stats(RunningHub hub) {
    return hub.applicationContext().getBean(IngestStats.class).snapshot();
  }

  private long count(String sql) throws Exception {
    DataSource dataSource = database.dataSource();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
