package io.campusedge.simulators.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent starts on an outbox file of garbage: it moves the file aside (kept byte for byte),
 * reports it, and streams in a new epoch that the hub stores from seq 1, exactly once.
 */
class CorruptOutboxIT extends FaultScenario {

  @Override
  String gateway() {
    return "gw-corrupt";
  }

  @Test
  void aCorruptOutboxIsKeptAndANewEpochStreamsCompletely() throws Exception {
    byte[] garbage = new byte[64 * 1024];
    new Random(6).nextBytes(garbage);
    Files.createDirectories(agentDataDir());
    Files.write(agentDataDir().resolve("outbox.mv.db"), garbage);
    startHub();

    startBusyAgent(hub.brokerUrl());
    await().atMost(PATIENCE).until(() -> agent.epoch() != 0);
    long epoch = agent.epoch();
    awaitMoreDurable(60);
    assertThat(agent.errors()).anyMatch(line -> line.contains("moved it aside"));

    drain(hub.brokerUrl());

    List<Path> kept = keptFiles();
    assertThat(kept).hasSize(1);
    assertThat(Files.readAllBytes(kept.get(0))).isEqualTo(garbage);
    assertThat(hub.epochs(gateway())).containsExactly(epoch);
    StreamAssertions.assertExactlyOnceUpTo(hub, gateway(), epoch, reportedDurable.get());
  }

  private List<Path> keptFiles() throws Exception {
    try (Stream<Path> files = Files.list(agentDataDir())) {
      return files.filter(f -> f.getFileName().toString().startsWith("outbox.corrupt-")).toList();
    }
  }
}
