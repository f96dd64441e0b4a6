package io.campusedge.agent.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.api.ConfigException;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.protos.v1.DeviceChange;
import io.campusedge.protos.v1.DeviceConfig;
import io.campusedge.protos.v1.PollIntervalChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  private static final String YAML =
      """
      # Lớp 10A1's gateway
      site: THPT-TEST
      gatewayId: gw-a101
      dataDir: ./data
      broker:
        url: tcp://127.0.0.1:1
        password: not-in-logs
      rooms:
        - id: A101
          name: "Lớp 10A1"
      devices:
        - id: a101-climate
          type: simulated-climate
          pollInterval: 10s
          params: { seed: 7 }
      """;

  @TempDir Path dir;
  private Path file;
  private ConfigFile config;

  @BeforeEach
  void writeFile() throws IOException {
    file = dir.resolve("agent.yaml");
    Files.writeString(file, YAML);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    config = new ConfigFile(file, new AgentConfigLoader(DriverRegistry.load()));
  }

  private static DeviceChange add(String id, String type, String paramsJson) {
    return DeviceChange.newBuilder()
        .setAddDevice(
            DeviceConfig.newBuilder()
                .setDeviceId(id)
                .setType(type)
                .setRoomId("A101")
                .setPollIntervalMs(500)
                .setParamsJson(paramsJson))
        .build();
  }

  @Test
  void addsADeviceValidatedAndWritesItAtomicallyKeepingThePreviousFile() throws Exception {
    ConfigFile.Edited edited =
        config.edit(List.of(add("a101-co2", "simulated-climate", "{\"seed\": 3}")));

    assertThat(Files.readString(file)).isEqualTo(YAML); // nothing written before write()
    assertThat(edited.config().devices())
        .extracting(AgentConfig.Device::id)
        .containsExactly("a101-climate", "a101-co2");
    AgentConfig.Device added = edited.config().devices().get(1);
    assertThat(added.pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(added.params()).isEqualTo(Map.of("seed", 3));

    config.write(edited.text());

    assertThat(Files.readString(file)).isEqualTo(edited.text());
    assertThat(Files.readString(dir.resolve("agent.yaml.bak"))).isEqualTo(YAML);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(".agent.yaml.tmp");
    }
    // What was written loads as the same configuration after a restart.
    AgentConfig reloaded = new AgentConfigLoader(DriverRegistry.load()).load(file);
    assertThat(reloaded.devices()).isEqualTo(edited.config().devices());
    assertThat(reloaded.broker()).isEqualTo(edited.config().broker());
    assertThat(reloaded.rooms()).isEqualTo(edited.config().rooms());
  }

  @Test
  void changesAPollIntervalAndRemovesADevice() throws Exception {
    ConfigFile.Edited faster =
        config.edit(
            List.of(
                DeviceChange.newBuilder()
                    .setSetPollInterval(
                        PollIntervalChange.newBuilder()
                            .setDeviceId("a101-climate")
                            .setPollIntervalMs(5_000))
                    .build()));
    assertThat(faster.config().devices().get(0).pollInterval()).isEqualTo(Duration.ofSeconds(5));

    ConfigFile.Edited removed =
        config.edit(List.of(DeviceChange.newBuilder().setRemoveDeviceId("a101-climate").build()));
    assertThat(removed.config().devices()).isEmpty();
  }

  @Test
  void anInvalidDeviceIsRejectedByTheSameValidatorAsTheFile() {
    assertThatThrownBy(() -> config.edit(List.of(add("a101-x", "no-such-driver", ""))))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .contains(file.toString() + " line")
                    .contains("no-such-driver"));
  }

  @Test
  void aPollIntervalBelowTheMinimumIsRejected() {
    DeviceChange tooFast =
        DeviceChange.newBuilder()
            .setSetPollInterval(
                PollIntervalChange.newBuilder().setDeviceId("a101-climate").setPollIntervalMs(10))
            .build();

    assertThatThrownBy(() -> config.edit(List.of(tooFast)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least 100ms");
  }

  @Test
  void unknownAndDuplicateDevicesAndBadParamsAreRejected() {
    assertThatThrownBy(
            () -> config.edit(List.of(DeviceChange.newBuilder().setRemoveDeviceId("gone").build())))
        .hasMessageContaining("no device 'gone'");
    assertThatThrownBy(() -> config.edit(List.of(add("a101-climate", "simulated-climate", ""))))
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> config.edit(List.of(add("a101-co2", "simulated-climate", "[1]"))))
        .hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> config.edit(List.of(add("a101-co2", "simulated-climate", "{seed"))))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aFailedWriteLeavesTheFileAsItWas() throws Exception {
    ConfigFile.Edited edited = config.edit(List.of(add("a101-co2", "simulated-climate", "")));
    // The temporary file cannot be created where a folder of that name stands (root or not).
    Files.createDirectory(dir.resolve(".agent.yaml.tmp"));

    assertThatThrownBy(() -> config.write(edited.text())).isInstanceOf(IOException.class);

    assertThat(Files.readString(file)).isEqualTo(YAML);
  }
}
