package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.EdgeAgent;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.ConfigChange;
import io.campusedge.protos.v1.DeviceChange;
import io.campusedge.protos.v1.DeviceConfig;
import io.campusedge.protos.v1.DeviceInfo;
import io.campusedge.protos.v1.GatewayState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands through a real broker: each answered exactly once, configuration changes applied live
 * and saved; the retained state as heartbeat.
 */
class CommandIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String SITE = "THPT-TEST";
  private static final String GATEWAY = "gw-cmd";

  @TempDir Path dir;
  private TestBroker broker;
  private FakeHub hub;
  private EdgeAgent agent;

  @AfterEach
  void stopEverything() throws Exception {
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

  private static List<String> devicesOf(GatewayState state) {
    return state.getDevicesList().stream().map(DeviceInfo::getDeviceId).toList();
  }

  private GatewayState lastState() {
    return hub.states().get(hub.states().size() - 1);
  }

  @Test
  void aConfigChangeIsAnsweredOnceAppliedLiveAndSaved() throws Exception {
    broker = new TestBroker(dir.resolve("broker"));
    broker.start();
    hub = new FakeHub(broker.url(), true);
    hub.connect();
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        site: %s
        gatewayId: %s
        dataDir: ./gw
        broker:
          url: %s
        rooms:
          - id: A101
        devices:
          - id: a101-climate
            type: simulated-climate
            pollInterval: 500ms
            params: { seed: 7 }
        uplink:
          reconnectMaxDelay: 1s
          heartbeatInterval: 1s
        clock:
          assumeSynced: true
        status:
          listen: 127.0.0.1:0
        """
            .formatted(SITE, GATEWAY, broker.url()));
    DriverRegistry drivers = DriverRegistry.load();
    AgentConfig config = new AgentConfigLoader(drivers).load(file);
    agent = EdgeAgent.start(config, file, drivers, Buses.none());
    await().atMost(PATIENCE).until(() -> agent.isConnected() && !hub.states().isEmpty());

    // Heartbeat: the retained state again every second, with the health report.
    await().atMost(PATIENCE).until(() -> hub.states().size() >= 3);
    GatewayState beat = lastState();
    assertThat(beat.getOnline()).isTrue();
    assertThat(beat.getHeartbeatIntervalMs()).isEqualTo(1000);
    assertThat(beat.getHealth().getDevicesList())
        .extracting(d -> d.getDeviceId())
        .containsExactly("a101-climate");
    assertThat(beat.getOutbox().getLanesList()).extracting(l -> l.getLane()).contains("telemetry");

    Command add =
        Command.newBuilder()
            .setId("cfg-1")
            .setConfigChange(
                ConfigChange.newBuilder()
                    .addDeviceChanges(
                        DeviceChange.newBuilder()
                            .setAddDevice(
                                DeviceConfig.newBuilder()
                                    .setDeviceId("a101-co2")
                                    .setType("simulated-climate")
                                    .setPollIntervalMs(500)
                                    .setParamsJson("{\"seed\": 3}"))))
            .build();
    hub.send(SITE, GATEWAY, add);
    hub.send(SITE, GATEWAY, add); // delivered twice: answered twice the same way, applied once
    await().atMost(PATIENCE).until(() -> hub.results().size() >= 2);
    assertThat(hub.results())
        .extracting(CommandResult::getCommandId)
        .containsExactly("cfg-1", "cfg-1");
    assertThat(hub.results().get(1)).isEqualTo(hub.results().get(0));
    assertThat(hub.results().get(0).getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    await()
        .atMost(PATIENCE)
        .until(() -> devicesOf(lastState()).equals(List.of("a101-climate", "a101-co2")));
    assertThat(Files.readString(file)).contains("a101-co2");

    hub.send(
        SITE,
        GATEWAY,
        Command.newBuilder()
            .setId("cfg-2")
            .setConfigChange(
                ConfigChange.newBuilder()
                    .addDeviceChanges(DeviceChange.newBuilder().setRemoveDeviceId("a101-climate")))
            .build());
    hub.sendRaw(SITE, GATEWAY, new byte[] {(byte) 0xff, 0x00, 0x13});

    await().atMost(PATIENCE).until(() -> hub.results().size() >= 4);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> hub.results().size() == 4);
    assertThat(hub.results().get(2).getCommandId()).isEqualTo("cfg-2");
    assertThat(hub.results().get(2).getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(hub.results().get(3).getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(hub.results().get(3).getMessage()).startsWith("malformed command");
    await().atMost(PATIENCE).until(() -> devicesOf(lastState()).equals(List.of("a101-co2")));
    assertThat(new AgentConfigLoader(drivers).load(file).devices())
        .extracting(AgentConfig.Device::id)
        .containsExactly("a101-co2");

    // The local status page shows the same.
    int port = agent.statusPage().orElseThrow().getPort();
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status.json"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode status = new ObjectMapper().readTree(page.body());
    assertThat(status.path("devices").get(0).path("id").asText()).isEqualTo("a101-co2");
    assertThat(status.path("devices")).hasSize(1);
    assertThat(status.path("connection").path("connected").asBoolean()).isTrue();
    assertThat(status.path("connection").path("recordsPublished").asLong()).isPositive();
  }
}
