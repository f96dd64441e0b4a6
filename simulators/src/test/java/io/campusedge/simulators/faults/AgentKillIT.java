package io.campusedge.simulators.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the agent JVM at random moments, six times, restarted on the same data directory:
 * every record the agent reported durable reaches the hub, each exactly once, in one epoch.
 */
class AgentKillIT extends FaultScenario {
  private static final int KILLS = 6;

  @Override
  String gateway() {
    return "gw-kill";
  }

  @Test
  void sigkillAtRandomMomentsLosesNothingTheAgentReportedStored() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    startHub();
    long epoch = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      startBusyAgent(hub.brokerUrl());
      // Anywhere from the first group commits to a few seconds of sending and acking.
      awaitMoreDurable(6 + random.nextInt(240));
      await().atMost(PATIENCE).until(() -> agent.epoch() != 0);
      if (epoch == 0) {
        epoch = agent.epoch();
      }
      assertThat(agent.epoch())
          .as("epoch after kill %d (seed %d)", kill - 1, seed)
          .isEqualTo(epoch);
      agent.kill();
    }
    long killedAt = reportedDurable.get();

    long drainedEpoch = drain(hub.brokerUrl());

    assertThat(drainedEpoch).isEqualTo(epoch);
    assertThat(hub.epochs(gateway())).containsExactly(epoch);
    long stored =
        StreamAssertions.assertExactlyOnceUpTo(hub, gateway(), epoch, reportedDurable.get());
    assertThat(stored).isGreaterThan(killedAt);
  }
}
