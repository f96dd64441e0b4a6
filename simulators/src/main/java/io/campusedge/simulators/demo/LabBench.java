package io.campusedge.simulators.demo;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.simulators.devices.lab.LabInstrumentServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chemistry lab's instruments on OPC UA: the lab-instrument simulator (an incubator and a
 * centrifuge with a LADS-like model) on a free loopback port, its values advancing every second, a
 * centrifuge run of three minutes started every five minutes; read by the agent's real OPC UA
 * driver.
 */
final class LabBench implements AutoCloseable {
  private final LabInstrumentServer server;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "demo-lab-bench");
            thread.setDaemon(true);
            return thread;
          });
  private long seconds;

  private LabBench(LabInstrumentServer server) {
    this.server = server;
  }

  static LabBench start() throws Exception {
    LabBench bench = new LabBench(new LabInstrumentServer().start(0));
    bench.ticker.scheduleAtFixedRate(bench::tick, 1, 1, TimeUnit.SECONDS);
    return bench;
  }

  private void tick() {
    try {
      server.tick(Duration.ofSeconds(1));
      long now = seconds++;
      if (now % 300 == 10) {
        server.startRun("spin-" + (now / 300 + 1));
      } else if (now % 300 == 190) {
        server.stopRun();
      }
    } catch (RuntimeException e) {
      // a tick that fails is retried by the next one
    }
  }

  /** The agent's device entry: incubator and centrifuge points, by browse path. */
  AgentConfig.Device device(String roomId, String prefix) {
    return new AgentConfig.Device(
        prefix + "-instruments",
        "opcua",
        roomId,
        Duration.ofSeconds(5),
        Map.of(
            "endpoint",
            server.endpointUrl(),
            "publishingInterval",
            "1s",
            "points",
            List.of(
                Map.of(
                    "metric",
                    "incubator_temperature",
                    "unit",
                    "Cel",
                    "path",
                    "Incubator1/Temperature"),
                Map.of("metric", "incubator_co2", "unit", "%", "path", "Incubator1/CO2"),
                Map.of(
                    "metric",
                    "incubator_door",
                    "path",
                    "Incubator1/DoorAlarm/ActiveState/Id",
                    "kind",
                    "alarm"),
                Map.of("metric", "centrifuge_speed", "unit", "/min", "path", "Centrifuge1/Speed"),
                Map.of(
                    "metric",
                    "centrifuge_state",
                    "path",
                    "Centrifuge1/Rotor/CurrentState",
                    "kind",
                    "state"),
                Map.of(
                    "metric",
                    "centrifuge_run",
                    "path",
                    "Centrifuge1/Rotor/RunId",
                    "kind",
                    "run"))));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    server.close();
  }
}
