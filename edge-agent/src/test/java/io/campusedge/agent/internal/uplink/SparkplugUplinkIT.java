package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent in Sparkplug mode against a real broker (embedded HiveMQ CE) and a fake primary host
 * that acks like the CampusEdge hub: rows leave the outbox only after the ack, nothing is published
 * while the host's STATE says offline and everything follows when it is back, and {@code Node
 * Control/Rebirth} gets a new NBIRTH.
 */
class SparkplugUplinkIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String SITE = "THPT-TEST";
  private static final String GATEWAY = "gw-spb-it";
  private static final String HOST = "campusedge-hub";

  @TempDir Path dir;
  private TestBroker broker;
  private FakeSparkplugHost host;
  private EdgeAgent agent;
  private final DriverRegistry drivers = DriverRegistry.load();

  @BeforeEach
  void start() throws Exception {
    broker = new TestBroker(dir.resolve("broker"));
    broker.start();
    host = new FakeSparkplugHost(broker.url(), HOST, SITE, GATEWAY);
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (host != null) {
      host.close();
    }
    broker.close();
  }

  private EdgeAgent startAgent(String pollInterval) throws Exception {
    return startAgent(pollInterval, "campusedge");
  }

  private EdgeAgent startAgent(String pollInterval, String ackMode) throws Exception {
    String yaml =
        """
        site: %s
        gatewayId: %s
        dataDir: %s
        broker:
          url: %s
        rooms:
          - id: A101
        devices:
          - id: a101-climate
            type: simulated-climate
            pollInterval: %s
            params: { seed: 7 }
        uplink:
          protocol: sparkplug
          ackTimeout: 3s
          reconnectMaxDelay: 1s
          linger: 0ms
          sparkplug:
            groupId: school1
            edgeNodeId: %s
            primaryHostId: %s
            ackMode: %s
        clock:
          assumeSynced: true
        status:
          listen: 127.0.0.1:0
        """
            .formatted(
                SITE,
                GATEWAY,
                dir.resolve("gw"),
                broker.url(),
                pollInterval,
                GATEWAY,
                HOST,
                ackMode);
    AgentConfig config = new AgentConfigLoader(drivers).parse(yaml, "agent.yaml", dir);
    agent = EdgeAgent.start(config, drivers);
    return agent;
  }

  @Test
  void rowsLeaveTheOutboxOnlyAfterTheHostsAck() throws Exception {
    host.state(true, 1);
    startAgent("1h"); // one poll at start: six readings, then nothing

    await().atMost(PATIENCE).until(() -> host.stored().size() == 6);
    List<FakeSparkplugHost.Received> births = host.of("NBIRTH");
    assertThat(births).hasSize(1);
    assertThat(births.get(0).payload().getSeq()).isZero();
    assertThat(host.of("DBIRTH")).isNotEmpty();
    assertThat(host.of("DBIRTH").get(0).topic())
        .isEqualTo("spBv1.0/school1/DBIRTH/" + GATEWAY + "/a101-climate");
    assertThat(host.of("DDATA"))
        .allSatisfy(
            data ->
                assertThat(data.payload().getMetricsList())
                    .allSatisfy(metric -> assertThat(metric.hasName()).isFalse()));
    // Delivered, not acknowledged: every row stays, through an ack timeout and its resend too.
    Thread.sleep(4_000);
    assertThat(agent.outboxStats().pendingRecords()).isEqualTo(6);
    assertThat(host.epoch()).isEqualTo(agent.outboxStats().epoch());

    host.startAcking();
    await().atMost(PATIENCE).until(() -> agent.outboxStats().pendingRecords() == 0);
    assertThat(host.stored()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void dataIsHeldWhileTheHostIsOfflineAndDeliveredWhenItIsBack() throws Exception {
    host.state(false, 1);
    startAgent("200ms");

    await().atMost(PATIENCE).until(() -> agent.outboxStats().pendingRecords() >= 30);
    assertThat(host.received()).as("nothing before the host is online").isEmpty();

    host.startAcking();
    host.state(true, 2);
    await().atMost(PATIENCE).until(() -> host.of("NBIRTH").size() == 1);
    long firstBdSeq = bdSeq(host.of("NBIRTH").get(0).payload());
    await().atMost(PATIENCE).until(() -> host.contiguousUpTo() >= 30);
    await().atMost(PATIENCE).until(() -> agent.outboxStats().pendingRecords() < 12);

    // The host goes away: the node dies with its session's bdSeq and keeps everything.
    host.state(false, 3);
    await().atMost(PATIENCE).until(() -> host.of("NDEATH").size() == 1);
    assertThat(bdSeq(host.of("NDEATH").get(0).payload())).isEqualTo(firstBdSeq);
    long heldFrom = host.contiguousUpTo();
    await().atMost(PATIENCE).until(() -> agent.outboxStats().pendingRecords() >= 30);
    assertThat(host.contiguousUpTo()).isEqualTo(heldFrom);

    host.state(true, 4);
    await().atMost(PATIENCE).until(() -> host.of("NBIRTH").size() == 2);
    assertThat(bdSeq(host.of("NBIRTH").get(1).payload())).isEqualTo(firstBdSeq + 1);
    await().atMost(PATIENCE).until(() -> host.contiguousUpTo() >= heldFrom + 30);
    assertThat(host.stored().last()).isEqualTo(host.contiguousUpTo());
    assertThat(Files.readString(dir.resolve("gw").resolve("sparkplug-bdseq")).strip())
        .isEqualTo(String.valueOf(firstBdSeq + 1));
  }

  @Test
  void nodeControlRebirthGetsNewBirthsWithTheSameBdSeq() throws Exception {
    host.state(true, 1);
    startAgent("1h");
    await().atMost(PATIENCE).until(() -> host.stored().size() == 6);
    long bdSeq = bdSeq(host.of("NBIRTH").get(0).payload());

    host.rebirth("school1", GATEWAY);

    await().atMost(PATIENCE).until(() -> host.of("NBIRTH").size() == 2);
    Payload rebirth = host.of("NBIRTH").get(1).payload();
    assertThat(rebirth.getSeq()).isZero();
    assertThat(bdSeq(rebirth)).isEqualTo(bdSeq);
    await().atMost(PATIENCE).until(() -> host.of("DBIRTH").size() >= 2);
    FakeSparkplugHost.Received dbirth = host.of("DBIRTH").get(host.of("DBIRTH").size() - 1);
    assertThat(dbirth.payload().getMetricsList())
        .extracting(Payload.Metric::getName)
        .contains("co2", "temperature");
  }

  @Test
  void withAForeignHostRowsLeaveOnThePubackOfQos1Data() throws Exception {
    host.state(true, 1); // never acks
    startAgent("1h", "publish");

    await().atMost(PATIENCE).until(() -> host.stored().size() == 6);
    await().atMost(PATIENCE).until(() -> agent.outboxStats().pendingRecords() == 0);
    assertThat(host.of("NBIRTH")).hasSize(1);
  }

  @Test
  void withAForeignHostNothingLeavesWhileItsStateSaysOffline() throws Exception {
    host.state(false, 1);
    startAgent("1h", "publish");

    await().atMost(PATIENCE).until(() -> agent.outboxStats().pendingRecords() == 6);
    Thread.sleep(2_000);
    assertThat(agent.outboxStats().pendingRecords()).isEqualTo(6);
    assertThat(host.received()).isEmpty();
  }

  private static long bdSeq(Payload payload) {
    return payload.getMetricsList().stream()
        .filter(m -> m.getName().equals("bdSeq"))
        .findFirst()
        .orElseThrow()
        .getLongValue();
  }
}
