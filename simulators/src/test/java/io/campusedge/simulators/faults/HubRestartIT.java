package io.campusedge.simulators.faults;

import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

/**
 * The hub and its embedded broker restarted on the same data directory while the agent streams: no
 * persistent session survives (the agent connects with clean start), records in flight at the
 * broker are lost there, and the agent's resend from the last ack must fill every hole once.
 */
class HubRestartIT extends FaultScenario {

  @Override
  String gateway() {
    return "gw-restart";
  }

  @Test
  void everyRecordArrivesExactlyOnceAcrossHubRestarts() throws Exception {
    startHub();
    startBusyAgent(hub.brokerUrl());
    await().atMost(PATIENCE).until(() -> agent.epoch() != 0);
    long epoch = agent.epoch();
    await().atMost(PATIENCE).until(() -> uptoSeq(epoch) >= 30);

    hub.stop();
    awaitMoreDurable(60);
    hub.start();
    long buffered = reportedDurable.get();
    await().atMost(PATIENCE).until(() -> uptoSeq(epoch) >= buffered);

    // Again while the backlog is fresh and batches are in flight.
    awaitMoreDurable(30);
    hub.restart();
    awaitMoreDurable(30);

    drain(hub.brokerUrl());

    StreamAssertions.assertExactlyOnceUpTo(hub, gateway(), epoch, reportedDurable.get());
  }
}
