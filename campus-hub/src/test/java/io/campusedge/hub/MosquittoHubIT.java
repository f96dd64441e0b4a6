package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.ingest.HiveMqBrokerConnection;
import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.testing.SlowStoreForTests;
import io.campusedge.hub.testing.TestMosquitto;
import io.campusedge.hub.testing.TestMosquitto.User;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
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

/** The hub against the distribution's Mosquitto (external broker mode). */
class MosquittoHubIT {
  private static final String SITE = "s1";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int GATEWAYS = 6;

  @TempDir Path dir;
  private TestMosquitto mosquitto;
  private RunningHub hub;
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
    if (hub != null) {
      hub.close();
    }
    if (mosquitto != null) {
      mosquitto.close();
      java.nio.file.Files.copy(
          mosquitto.log(),
          Path.of("/tmp/mosq-" + System.nanoTime() + ".log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void batchesThroughMosquittoAreStoredAndAckedAndItsAclStopsForgery() throws Exception {
    startBroker();
    hub = CampusHub.start(hubProperties(Map.of()));
    await().atMost(TIMEOUT).until(() -> connection().isConnected());
    TestGateway a = gateway("gw-1");
    TestGateway b = gateway("gw-2");

    a.publishState(
        GatewayState.newBuilder()
            .setOnline(true)
            .setSite(SITE)
            .setGatewayId("gw-1")
            .setEpoch(5)
            .build());
    a.publishBatch(batch("gw-1", 1, 2));
    a.publishData("gw-2", batch("gw-2", 1, 1).toByteArray()); // not its topic: Mosquitto drops it

    await().atMost(TIMEOUT).until(() -> a.acked(5, 2));
    await().atMost(TIMEOUT).until(() -> count("SELECT COUNT(*) FROM gateway_status") == 1);
    assertThat(count("SELECT COUNT(*) FROM stored_record WHERE gateway_id = 'gw-1'")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM stored_record WHERE gateway_id = 'gw-2'")).isZero();
    assertThat(b.acks).isEmpty();
    assertThat(connection().clientId()).startsWith("campusedge-hub-");
  }

  /**
   * Six gateways flood QoS 1 batches while each store transaction takes 25 ms and the hub's queue
   * holds 8. The hub advertises Receive Maximum 65535 (the external-broker default); the full queue
   * stops its client reading, so TCP holds Mosquitto back. Every batch is stored exactly once,
   * without a lost connection.
   */
  @Test
  void aFloodWhileTheStoreIsSlowIsStoredExactlyOnceWithinTheQueueBound() throws Exception {
    Flood flood = flood(Map.of());

    assertThat(flood.connectionLosses()).isZero();
  }

  /**
   * The case: a Receive Maximum (8) smaller than what Mosquitto 2.0.11 sends. Mosquitto
   * sends past it; the hub's client closes the connection (a protocol error in MQTT 5) and the hub
   * reconnects advertising twice as much, until Mosquitto stays within it. Its queue bound holds
   * throughout, the persistent session redelivers, gateways resend what got no ack, and every batch
   * is still stored exactly once.
   */
  @Test
  void aSmallReceiveMaximumThatMosquittoExceedsLosesNothing() throws Exception {
    Flood flood = flood(Map.of("campusedge.broker.receive-maximum", 8));

    assertThat(connection().receiveMaximumExceeded()).isTrue();
    assertThat(connection().receiveMaximum()).isGreaterThan(8);
    assertThat(flood.connectionLosses()).isPositive();
  }

  /**
   * The hub stops while a transaction is still open (its store never commits): nothing is
   * acknowledged, and the hub started again with the same data directory (so the same client id and
   * persistent session) gets the messages from Mosquitto again, without the gateway resending.
   */
  @Test
  void messagesNotCommittedBeforeAStopAreRedeliveredToTheRestartedHub() throws Exception {
    startBroker();
    hub =
        CampusHub.start(
            hubProperties(
                Map.of(SlowStoreForTests.DELAY, "-1s", "campusedge.ingest.drain-timeout", "1s")));
    await().atMost(TIMEOUT).until(() -> connection().isConnected());
    String clientId = connection().clientId();
    GatewayStream stream = new GatewayStream(gateway("gw-1"), 13, 3, 5);

    stream.publishAll();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                hub.applicationContext().getBean(IngestQueue.class).groups() == 0
                    && connection().maxUnacknowledged() == 3);
    hub.close();
    assertThat(stream.ackedUpTo()).isZero();

    hub = CampusHub.start(hubProperties(Map.of()));

    assertThat(connection().clientId()).isEqualTo(clientId);
    await().atMost(TIMEOUT).until(stream::fullyAcked);
    assertThat(count("SELECT COUNT(*) FROM stored_record")).isEqualTo(15);
  }

  private record Flood(long connectionLosses) {}

  private Flood flood(Map<String, Object> extra) throws Exception {
    startBroker();
    Map<String, Object> properties = new HashMap<>(extra);
    properties.put("campusedge.ingest.queue-capacity", 8);
    properties.put("campusedge.ingest.max-batches-per-transaction", 4);
    properties.put(SlowStoreForTests.DELAY, "25ms");
    hub = CampusHub.start(hubProperties(properties));
    await().atMost(TIMEOUT).until(() -> connection().isConnected());
    List<GatewayStream> streams = new ArrayList<>();
    for (int i = 1; i <= GATEWAYS; i++) {
      streams.add(new GatewayStream(gateway("gw-" + i), 11, 60, 20));
    }

    long start = System.nanoTime();
    for (GatewayStream stream : streams) {
      stream.publishAll();
    }
    int resent = awaitAllAcked(streams);
    double seconds = (System.nanoTime() - start) / 1e9;

    long records = GATEWAYS * 60L * 20;
    assertThat(count("SELECT COUNT(*) FROM stored_record")).isEqualTo(records);
    assertThat(count("SELECT COUNT(*) FROM reading")).isEqualTo(records);
    assertThat(count("SELECT MIN(upto_seq) FROM gateway_stream")).isEqualTo(1200);
    IngestQueue queue = hub.applicationContext().getBean(IngestQueue.class);
    assertThat(queue.maxDepth()).isLessThanOrEqualTo(8).isPositive();
    assertThat(queue.groups()).isLessThan(GATEWAYS * 60L); // batches shared transactions
    HiveMqBrokerConnection connection = connection();
    System.out.printf(
        "Flood through Mosquitto (receive maximum %s): %d batches in %.1f s; max queue depth %d"
            + " of 8; %.1f batches per transaction; max unacknowledged %d; receive maximum"
            + " exceeded %s; connection losses %d; batches resent by gateways %d%n",
        extra.getOrDefault("campusedge.broker.receive-maximum", 65535),
        GATEWAYS * 60,
        seconds,
        queue.maxDepth(),
        (double) queue.processed() / queue.groups(),
        connection.maxUnacknowledged(),
        connection.receiveMaximumExceeded(),
        connection.connectionLosses(),
        resent);
    return new Flood(connection.connectionLosses());
  }

  /** Waits until every stream is acked, resending unacked batches after 5 s without progress. */
  static int awaitAllAcked(List<GatewayStream> streams) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long lastProgress = System.nanoTime();
    long acked = -1;
    int resent = 0;
    while (!streams.stream().allMatch(GatewayStream::fullyAcked)) {
      assertThat(System.nanoTime()).as("all batches acked in time").isLessThan(deadline);
      long now = streams.stream().mapToLong(GatewayStream::ackedUpTo).sum();
      if (now != acked) {
        acked = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(5).toNanos()) {
        for (GatewayStream stream : streams) {
          resent += stream.resendUnacked();
        }
        lastProgress = System.nanoTime();
      }
      Thread.sleep(100);
    }
    return resent;
  }

  private void startBroker() throws Exception {
    List<User> users = new ArrayList<>();
    users.add(User.hub("hub", "hub-secret"));
    for (int i = 1; i <= GATEWAYS; i++) {
      users.add(User.gateway("gw-" + i, "secret-" + i, SITE));
    }
    mosquitto = TestMosquitto.start(dir.resolve("mosquitto"), users, "");
  }

  private Map<String, Object> hubProperties(Map<String, Object> extra) {
    List<Map<String, String>> seeds = new ArrayList<>();
    for (int i = 1; i <= GATEWAYS; i++) {
      seeds.add(Map.of("id", "gw-" + i, "site", SITE, "password", "secret-" + i));
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put(HubProperties.DATA_DIR, dir.resolve("hub").toString());
    properties.put(HubProperties.HTTP_PORT, -1);
    properties.put(HubProperties.BROKER_EMBEDDED, false);
    properties.put(HubProperties.BROKER_URL, mosquitto.url());
    properties.put(HubProperties.BROKER_USERNAME, "hub");
    properties.put(HubProperties.BROKER_PASSWORD, "hub-secret");
    properties.put(HubProperties.BOOTSTRAP_GATEWAYS, seeds);
    properties.put(HubProperties.PASSWORD_HASH_ITERATIONS, 10_000);
    properties.putAll(extra);
    return properties;
  }

  private TestGateway gateway(String id) throws Exception {
    TestGateway gateway =
        TestGateway.connect(mosquitto.url(), SITE, id, "secret-" + id.substring(3));
    gateways.add(gateway);
    return gateway;
  }

  private HiveMqBrokerConnection connection() {
    return hub.applicationContext().getBean(HiveMqBrokerConnection.class);
  }

  private static Batch batch(String gatewayId, long firstSeq, long lastSeq) {
    Batch.Builder batch = Batch.newBuilder().setSite(SITE).setGatewayId(gatewayId).setEpoch(5);
    for (long seq = firstSeq; seq <= lastSeq; seq++) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(seq)
              .setReading(
                  Reading.newBuilder()
                      .setDeviceId("bme1")
                      .setMetric("temperature")
                      .setSourceTimeMs(1_772_413_200_000L + seq * 1_000)
                      .setDoubleValue(21.5)
                      .setUnit("Cel")));
    }
    return batch.build();
  }

  private long count(String sql) throws Exception {
    DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
