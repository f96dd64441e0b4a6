package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.DeviceAction;
import io.campusedge.protos.v1.GatewayState;
import io.campusedge.protos.v1.Rebirth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a real broker (embedded HiveMQ CE) and a fake hub that acks. */
class UplinkIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String SITE = "THPT-TEST";
  private static final String GATEWAY = "gw-it";

  @TempDir Path dir;
  private TestBroker broker;
  private FakeHub hub;
  private EdgeAgent agent;
  private final DriverRegistry drivers = DriverRegistry.load();

  @BeforeEach
  void createBroker() throws Exception {
    broker = new TestBroker(dir.resolve("broker"));
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (hub != null) {
      hub.close();
    }
    broker.close();
  }

  private EdgeAgent startAgent(String ackTimeout) throws Exception {
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
            pollInterval: 200ms
            params: { seed: 7 }
        uplink:
          maxBatchRecords: 50
          ackTimeout: %s
          reconnectMaxDelay: 1s
        clock:
          assumeSynced: true
        status:
          listen: 127.0.0.1:0
        """
            .formatted(SITE, GATEWAY, dir.resolve("gw"), broker.url(), ackTimeout);
    AgentConfig config = new AgentConfigLoader(drivers).parse(yaml, "agent.yaml", dir);
    agent = EdgeAgent.start(config, drivers);
    return agent;
  }

  private long pending() {
    return agent.outboxStats().pendingRecords();
  }

  /** Every seq from 1 to the highest one arrived at least once. */
  private static void assertNoGaps(NavigableSet<Long> stored) {
    assertThat(stored).isNotEmpty();
    assertThat(stored.first()).isEqualTo(1L);
    assertThat((long) stored.size()).isEqualTo(stored.last());
  }

  /** The first arrival of each seq comes in increasing order. */
  private static void assertFirstArrivalsInOrder(List<Long> arrivals) {
    List<Long> firsts = new ArrayList<>(arrivals.stream().distinct().toList());
    assertThat(firsts).isSorted();
  }

  @Test
  void readingsArriveInOrderAndLeaveTheOutboxOnlyAfterTheHubAcks() throws Exception {
    broker.start();
    hub = new FakeHub(broker.url(), false);
    hub.connect();
    startAgent("30s");

    await().atMost(PATIENCE).until(() -> hub.stored().size() >= 12);
    // PUBACKs have come back for these batches, yet without the hub's Ack nothing is deleted.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> pending() >= hub.stored().last());

    hub.startAcking();
    long target = hub.stored().last() + 60;
    await().atMost(PATIENCE).until(() -> hub.contiguousUpTo() >= target);
    await().atMost(PATIENCE).until(() -> pending() < target / 2);

    assertNoGaps(hub.stored());
    assertFirstArrivalsInOrder(hub.arrivals());
    GatewayState birth = hub.states().get(0);
    assertThat(birth.getOnline()).isTrue();
    assertThat(birth.getGatewayId()).isEqualTo(GATEWAY);
    assertThat(birth.getEpoch()).isEqualTo(agent.outboxStats().epoch());
    assertThat(birth.getDevicesList()).extracting(d -> d.getDeviceId()).contains("a101-climate");
  }

  @Test
  void anAgentStartedWhileTheBrokerIsDownDeliversEverythingOnceItStarts() throws Exception {
    startAgent("2s");
    await().atMost(PATIENCE).until(() -> pending() >= 24);
    assertThat(agent.isConnected()).isFalse();
    long bufferedOffline = pending();

    broker.start();
    hub = new FakeHub(broker.url(), true);
    hub.connect();

    await().atMost(PATIENCE).until(() -> hub.contiguousUpTo() >= bufferedOffline + 12);
    await().atMost(PATIENCE).until(() -> pending() < bufferedOffline);
    assertThat(agent.isConnected()).isTrue();
    assertNoGaps(hub.stored());
  }

  @Test
  void unackedRecordsAreResentAfterABrokerRestart() throws Exception {
    broker.start();
    hub = new FakeHub(broker.url(), true);
    hub.connect();
    startAgent("2s");
    await().atMost(PATIENCE).until(() -> hub.contiguousUpTo() >= 12 && agent.isConnected());

    broker.stop();
    await().atMost(PATIENCE).until(() -> !agent.isConnected());
    long pendingWhileDown = pending();
    await().atMost(PATIENCE).until(() -> pending() >= pendingWhileDown + 12);
    long lastSeqWhileDown = hub.stored().last() + pending();

    broker.start();
    hub.connect();

    await().atMost(PATIENCE).until(() -> hub.contiguousUpTo() >= lastSeqWhileDown);
    assertNoGaps(hub.stored());
    await().atMost(PATIENCE).until(() -> pending() < lastSeqWhileDown - hub.stored().first());
  }

  @Test
  void rebirthIsAnsweredOnceAndUnknownDeviceActionsAreRejected() throws Exception {
    broker.start();
    hub = new FakeHub(broker.url(), true);
    hub.connect();
    startAgent("30s");
    await().atMost(PATIENCE).until(() -> agent.isConnected() && hub.states().size() == 1);

    Command rebirth =
        Command.newBuilder().setId("c-1").setRebirth(Rebirth.getDefaultInstance()).build();
    hub.send(SITE, GATEWAY, rebirth);
    hub.send(SITE, GATEWAY, rebirth);
    hub.send(
        SITE,
        GATEWAY,
        Command.newBuilder()
            .setId("c-2")
            .setDeviceAction(
                DeviceAction.newBuilder().setDeviceId("a101-climate").setAction("power"))
            .build());

    await().atMost(PATIENCE).until(() -> hub.results().size() >= 3 && hub.states().size() >= 2);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> hub.results().size() == 3 && hub.states().size() == 2);
    // The repeated c-1 gets its first result again; the birth is published once.
    assertThat(hub.results())
        .extracting(CommandResult::getCommandId, CommandResult::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c-1", CommandStatus.COMMAND_STATUS_OK),
            org.assertj.core.groups.Tuple.tuple("c-1", CommandStatus.COMMAND_STATUS_OK),
            org.assertj.core.groups.Tuple.tuple("c-2", CommandStatus.COMMAND_STATUS_REJECTED));
    assertThat(hub.results().get(1)).isEqualTo(hub.results().get(0));
    assertThat(hub.states().get(1).getOnline()).isTrue();
  }
}
