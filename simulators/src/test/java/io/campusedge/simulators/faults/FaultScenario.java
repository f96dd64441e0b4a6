package io.campusedge.simulators.faults;

import static org.awaitility.Awaitility.await;

import io.campusedge.simulators.chaos.AgentConfigFile;
import io.campusedge.simulators.chaos.AgentProcess;
import io.campusedge.simulators.chaos.HubUnderTest;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared shape of the fault tests: the real hub in this JVM, the real agent in a child JVM polling
 * a simulated sensor every 100 ms (6 readings a poll), a fault, then a drain and the comparison of
 * what the hub stored with what the agent reported durable.
 */
abstract class FaultScenario {
  /** Generous: other builds may share these two cores. */
  static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;
  final AtomicLong reportedDurable = new AtomicLong();
  HubUnderTest hub;
  AgentProcess agent;

  abstract String gateway();

  String password() {
    return gateway() + "-secret";
  }

  Path agentDataDir() {
    return dir.resolve("agent-data");
  }

  void startHub() throws IOException {
    hub = new HubUnderTest(dir.resolve("hub"), Map.of(gateway(), password()));
    hub.start();
  }

  /** The agent polling every 100 ms, connecting to {@code brokerUrl}. */
  AgentProcess startBusyAgent(String brokerUrl) throws IOException {
    Path config = agentConfig(dir.resolve("busy.yaml"), brokerUrl, "100ms");
    agent = AgentProcess.start(config, dir, reportedDurable);
    return agent;
  }

  /** The agent's configuration file polling every {@code poll}. */
  Path agentConfig(Path file, String brokerUrl, String poll) throws IOException {
    return AgentConfigFile.write(file, gateway(), password(), agentDataDir(), brokerUrl, poll);
  }

  /** Waits until the agent has reported {@code more} records durable beyond what it had. */
  void awaitMoreDurable(long more) {
    long target = reportedDurable.get() + more;
    await()
        .atMost(PATIENCE)
        .alias("agent reports seq " + target + " durable")
        .until(() -> reportedDurable.get() >= target);
  }

  /**
   * Stops the busy agent cleanly, starts it with one poll and then nothing (so the stream has an
   * end), waits until the hub acked everything the agent reported durable, and stops it. Returns
   * the epoch the agent used.
   */
  long drain(String brokerUrl) throws Exception {
    long before = reportedDurable.get();
    agent.stop();
    Path config = agentConfig(dir.resolve("quiet.yaml"), brokerUrl, "1h");
    agent = AgentProcess.start(config, dir, reportedDurable);
    await()
        .atMost(PATIENCE)
        .alias(
            "the restarted agent stores records above seq "
                + before
                + " (lower seqs mean its outbox forgot records it had reported durable)")
        .until(() -> agent.epoch() != 0 && reportedDurable.get() > before);
    long epoch = agent.epoch();
    await()
        .atMost(PATIENCE)
        .alias("hub acks every reported record")
        .until(() -> uptoSeq(epoch) >= reportedDurable.get());
    agent.stop();
    return epoch;
  }

  long uptoSeq(long epoch) throws SQLException {
    return hub.uptoSeq(gateway(), epoch).orElse(0L);
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (hub != null) {
      hub.close();
    }
  }
}
