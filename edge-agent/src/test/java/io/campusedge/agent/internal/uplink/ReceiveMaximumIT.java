package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A broker that accepts only 2 unacknowledged QoS 1 publishes per client. A backlog is sent in
 * small batches the moment the broker comes up, with many batches awaiting the hub's ack; had more
 * than 2 publishes awaited their PUBACK, Paho would refuse them ("too many publishes in progress"),
 * so the agent must hold each publish until the broker has room (the Receive Maximum of the
 * CONNACK).
 */
class ReceiveMaximumIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private TestBroker broker;
  private FakeHub hub;
  private EdgeAgent agent;
  private final ListAppender<ILoggingEvent> uplinkLog = new ListAppender<>();

  @AfterEach
  void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(PahoUplink.class)).detachAppender(uplinkLog);
    if (agent != null) {
      agent.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aBacklogDrainsWithinTheBrokersReceiveMaximum() throws Exception {
    uplinkLog.start();
    ((Logger) LoggerFactory.getLogger(PahoUplink.class)).addAppender(uplinkLog);
    broker =
        new TestBroker(
            dir.resolve("broker"),
            "",
            "<receive-maximum><server-receive-maximum>2</server-receive-maximum>"
                + "</receive-maximum>");
    DriverRegistry drivers = DriverRegistry.load();
    String yaml =
        """
        site: THPT-RM
        gatewayId: gw-rm
        dataDir: %s
        broker:
          url: %s
        rooms:
          - id: A101
        devices:
          - id: a101-climate
            type: simulated-climate
            pollInterval: 100ms
        uplink:
          maxBatchRecords: 3
          linger: 0ms
          reconnectMaxDelay: 500ms
        clock:
          assumeSynced: true
        """
            .formatted(dir.resolve("gw"), broker.url());
    AgentConfig config = new AgentConfigLoader(drivers).parse(yaml, "agent.yaml", dir);
    agent = EdgeAgent.start(config, drivers);
    await().atMost(PATIENCE).until(() -> agent.outboxStats().pendingRecords() >= 60);

    broker.start();
    hub = new FakeHub(broker.url(), true);
    hub.connect();
    long backlog = agent.outboxStats().pendingRecords();

    await().atMost(PATIENCE).until(() -> hub.contiguousUpTo() >= backlog + 30);
    assertThat(uplinkLog.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("publish"));
    assertThat(uplinkLog.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains("receive maximum 2, up to 32 batches awaiting the hub's ack"));
  }
}
