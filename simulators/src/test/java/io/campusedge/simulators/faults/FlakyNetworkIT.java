package io.campusedge.simulators.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.simulators.chaos.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TCP proxy between agent and broker that is cut five times and slowed once: each cut loses what
 * was on the wire, and the agent's resend from the last ack must deliver every record once.
 */
class FlakyNetworkIT extends FaultScenario {
  private static final int CUTS = 5;
  private TcpProxy proxy;

  @Override
  String gateway() {
    return "gw-flaky";
  }

  @AfterEach
  void closeProxy() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void cutsAndDelaysLoseAndDuplicateNothing() throws Exception {
    startHub();
    proxy = new TcpProxy(hub.mqttPort());
    startBusyAgent(proxy.url());
    await().atMost(PATIENCE).until(() -> agent.epoch() != 0);
    long epoch = agent.epoch();

    await().atMost(PATIENCE).until(() -> uptoSeq(epoch) > 0);
    for (int cut = 1; cut <= CUTS; cut++) {
      int connections = proxy.accepted();
      awaitMoreDurable(20 + 10 * cut);
      if (cut == 3) {
        proxy.delay(150);
        awaitMoreDurable(60);
      }
      long ackedBeforeCut = uptoSeq(epoch);
      proxy.cut();
      proxy.delay(0);
      await()
          .atMost(PATIENCE)
          .alias("agent reconnects and is acked again after cut " + cut)
          .until(() -> proxy.accepted() > connections && uptoSeq(epoch) > ackedBeforeCut);
    }
    assertThat(proxy.accepted()).isGreaterThan(CUTS);

    drain(proxy.url());

    StreamAssertions.assertExactlyOnceUpTo(hub, gateway(), epoch, reportedDurable.get());
  }
}
