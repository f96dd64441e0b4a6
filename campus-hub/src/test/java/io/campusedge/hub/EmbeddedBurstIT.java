package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.hub.internal.ingest.HiveMqBrokerConnection;
import io.campusedge.hub.internal.ingest.IngestQueue;
import io.campusedge.hub.testing.SlowStoreForTests;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A burst into the embedded broker while the store is slow: the hub advertises its queue capacity
 * as Receive Maximum, HiveMQ keeps to it, the queue never holds more, and everything is stored.
 */
class EmbeddedBurstIT {
  private static final String SITE = "s1";
  private static final int GATEWAYS = 6;
  private static final int BATCHES = 60;
  private static final int RECORDS = 20;

  @TempDir Path dir;
  private RunningHub hub;
  private int port;
  private final List<TestGateway> gateways = new ArrayList<>();
  private final ScheduledExecutorService heapSampler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() throws Exception {
    heapSampler.shutdownNow();
    for (TestGateway gateway : gateways) {
      gateway.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  /** Both stores of the embedded broker (campusedge.broker.persistence) keep to the window. */
  @ParameterizedTest
  @ValueSource(strings = {"file", "in-memory"})
  void aBurstIsStoredInBatchedTransactionsWithTheQueueBounded(String persistence) throws Exception {
    startHub(persistence, 8, 4);
    assertThat(Files.readString(dir.resolve("broker/conf/config.xml")))
        .as("the broker runs with the store asked for")
        .contains("<mode>" + persistence + "</mode>");
    IngestQueue queue = hub.applicationContext().getBean(IngestQueue.class);
    HiveMqBrokerConnection connection =
        hub.applicationContext().getBean(HiveMqBrokerConnection.class);
    burstIsStored(persistence);
    assertThat(queue.maxDepth()).isPositive().isLessThanOrEqualTo(8);
    assertThat(connection.maxUnacknowledged())
        .as("HiveMQ keeps to the Receive Maximum")
        .isLessThanOrEqualTo(8);
    assertThat(queue.groups()).isLessThan((long) GATEWAYS * BATCHES);
  }

  /**
   * HiveMQ's own limit of 50 unacknowledged messages per client is raised to the hub's Receive
   * Maximum: the hub acknowledges after commit, so its groups can only be as large as what the
   * broker lets it hold.
   */
  @Test
  void theBrokerFillsTheHubsReceiveMaximumBeyondHiveMqsDefault() throws Exception {
    startHub("in-memory", 200, 100);
    IngestQueue queue = hub.applicationContext().getBean(IngestQueue.class);
    HiveMqBrokerConnection connection =
        hub.applicationContext().getBean(HiveMqBrokerConnection.class);
    burstIsStored("in-memory, queue of 200");
    assertThat(connection.maxUnacknowledged())
        .as("more in flight than HiveMQ's default window, never more than the hub advertises")
        .isGreaterThan(50) // HiveMQ CE's own window per client
        .isLessThanOrEqualTo(200);
    assertThat(queue.maxDepth()).isLessThanOrEqualTo(200);
  }

  private void startHub(String persistence, int queueCapacity, int batchesPerTransaction)
      throws IOException {
    port = freePort();
    List<Map<String, String>> seeds = new ArrayList<>();
    for (int i = 1; i <= GATEWAYS; i++) {
      seeds.add(Map.of("id", "gw-" + i, "site", SITE, "password", "secret-" + i));
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put(HubProperties.DATA_DIR, dir.toString());
    properties.put(HubProperties.HTTP_PORT, -1);
    properties.put(HubProperties.BROKER_PORT, port);
    properties.put(HubProperties.BROKER_BIND_ADDRESS, "127.0.0.1");
    properties.put(HubProperties.PASSWORD_HASH_ITERATIONS, 10_000);
    properties.put(HubProperties.BOOTSTRAP_GATEWAYS, seeds);
    properties.put("campusedge.ingest.queue-capacity", queueCapacity);
    properties.put("campusedge.ingest.max-batches-per-transaction", batchesPerTransaction);
    properties.put(SlowStoreForTests.DELAY, "25ms");
    properties.put("campusedge.broker.persistence", persistence);
    hub = CampusHub.start(properties);
  }

  /** Every gateway publishes all its batches at once; all are stored once and acked. */
  private void burstIsStored(String label) throws Exception {
    List<GatewayStream> streams = new ArrayList<>();
    for (int i = 1; i <= GATEWAYS; i++) {
      TestGateway gateway = TestGateway.connect(port, SITE, "gw-" + i, "secret-" + i);
      gateways.add(gateway);
      streams.add(new GatewayStream(gateway, 4, BATCHES, RECORDS));
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    AtomicLong heapPeak = new AtomicLong(heapBefore);
    heapSampler.scheduleAtFixedRate(
        () -> heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
        0,
        50,
        TimeUnit.MILLISECONDS);

    long start = System.nanoTime();
    for (GatewayStream stream : streams) {
      stream.publishAll();
    }
    int resent = MosquittoHubIT.awaitAllAcked(streams);
    double seconds = (System.nanoTime() - start) / 1e9;

    long records = (long) GATEWAYS * BATCHES * RECORDS;
    assertThat(count("SELECT COUNT(*) FROM stored_record")).isEqualTo(records);
    assertThat(count("SELECT MIN(upto_seq) FROM gateway_stream")).isEqualTo(BATCHES * RECORDS);
    IngestQueue queue = hub.applicationContext().getBean(IngestQueue.class);
    HiveMqBrokerConnection connection =
        hub.applicationContext().getBean(HiveMqBrokerConnection.class);
    assertThat(connection.connectionLosses()).isZero();
    System.out.printf(
        "Burst into the embedded broker (%s): %d batches (%d records) in %.1f s with 25 ms per"
            + " transaction; max queue depth %d of %d; max unacknowledged %d; %.1f batches per"
            + " transaction; resent %d; heap used %d MiB before, peak %d MiB (test JVM, broker"
            + " and gateways included)%n",
        label,
        GATEWAYS * BATCHES,
        records,
        seconds,
        queue.maxDepth(),
        queue.capacity(),
        connection.maxUnacknowledged(),
        (double) queue.processed() / queue.groups(),
        resent,
        heapBefore >> 20,
        heapPeak.get() >> 20);
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
