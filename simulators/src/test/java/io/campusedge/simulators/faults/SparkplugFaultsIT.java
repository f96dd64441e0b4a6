package io.campusedge.simulators.faults;

import static org.awaitility.Awaitility.await;

import io.campusedge.simulators.chaos.AgentConfigFile;
import io.campusedge.simulators.chaos.HubUnderTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The delivery guarantee with the agent as a Sparkplug B edge node (ackMode campusedge) and the hub
 * as its primary host: hub restarts (the host's STATE goes offline, the broker goes away) and a
 * kill -9 of the agent, then a drain; the hub must hold every record the agent reported durable,
 * exactly once, under the agent's own epoch and seqs.
 */
class SparkplugFaultsIT extends FaultScenario {

  @Override
  String gateway() {
    return "gw-spb-faults";
  }

  @Override
  void startHub() throws IOException {
    hub =
        new HubUnderTest(
            dir.resolve("hub"),
            Map.of(gateway(), password()),
            Map.of(
                "campusedge.sparkplug.enabled",
                true,
                "campusedge.sparkplug.rebirth-interval",
                "1s",
                "campusedge.sparkplug.edge-nodes",
                List.of(
                    Map.of(
                        "group",
                        "school1",
                        "edge-node",
                        gateway(),
                        "site",
                        HubUnderTest.SITE,
                        "gateway",
                        gateway(),
                        "room",
                        "A101"))));
    hub.start();
  }

  @Override
  Path agentConfig(Path file, String brokerUrl, String poll) throws IOException {
    String sparkplug =
        "  protocol: sparkplug\n"
            + "  sparkplug:\n"
            + "    groupId: school1\n"
            + "    edgeNodeId: "
            + gateway()
            + "\n";
    return AgentConfigFile.write(
        file, gateway(), password(), agentDataDir(), brokerUrl, poll, sparkplug);
  }

  @Test
  void everyRecordArrivesExactlyOnceAcrossHubRestartsAndAKill() throws Exception {
    startHub();
    startBusyAgent(hub.brokerUrl());
    await().atMost(PATIENCE).until(() -> agent.epoch() != 0);
    long epoch = agent.epoch();
    await().atMost(PATIENCE).until(() -> uptoSeq(epoch) >= 30);

    // The host goes away with its broker; the node holds everything until it is back.
    hub.stop();
    awaitMoreDurable(60);
    hub.start();
    long buffered = reportedDurable.get();
    await().atMost(PATIENCE).until(() -> uptoSeq(epoch) >= buffered);

    awaitMoreDurable(30);
    hub.restart();
    awaitMoreDurable(30);

    // kill -9 with records in flight: the next start resends from the hub's last ack.
    agent.kill();
    startBusyAgent(hub.brokerUrl());
    awaitMoreDurable(30);

    drain(hub.brokerUrl());

    StreamAssertions.assertExactlyOnceUpTo(hub, gateway(), epoch, reportedDurable.get());
  }
}
