package io.campusedge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.api.AgentConfigLoader;
import io.campusedge.agent.internal.command.Outcome;
import io.campusedge.agent.internal.config.ConfigFile;
import io.campusedge.agent.internal.health.DeviceHealthSink;
import io.campusedge.agent.internal.scheduler.PollScheduler;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.ConfigChange;
import io.campusedge.protos.v1.DeviceChange;
import io.campusedge.protos.v1.DeviceConfig;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.PollIntervalChange;
import io.campusedge.protos.v1.Reading;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration commands change the devices being polled, and the file, or neither. */
class LiveConfigChangeTest {
  private static final String YAML =
      """
      site: THPT-TEST
      gatewayId: gw-a101
      dataDir: ./data
      broker:
        url: tcp://127.0.0.1:1
      rooms:
        - id: A101
      devices:
        - id: a101-climate
          type: simulated-climate
          pollInterval: 100ms
          params: { seed: 7 }
      """;

  @TempDir Path dir;
  private Path file;
  private final DriverRegistry registry = DriverRegistry.load();
  private final Map<String, AtomicLong> readings = new ConcurrentHashMap<>();
  private PollScheduler scheduler;
  private LiveDevices devices;
  private FileConfigChanges changes;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("agent.yaml");
    Files.writeString(file, YAML);
    AgentConfigLoader loader = new AgentConfigLoader(registry);
    AgentConfig config = loader.load(file);
    DeviceHealthSink sink = new DeviceHealthSink(new CountingSink());
    scheduler = new PollScheduler("gw-a101", 2, sink, Clock.systemUTC());
    devices =
        new LiveDevices(
            config,
            registry,
            scheduler,
            current -> new DriverContext(sink, Clock.systemUTC()),
            sink,
            (driver, action, parameters) -> Optional.empty());
    devices.startAll(devices.createAll());
    changes = new FileConfigChanges(new ConfigFile(file, loader), devices);
  }

  @AfterEach
  void stop() {
    scheduler.close();
    devices.closeAll();
  }

  private long readingsOf(String device) {
    return readings.computeIfAbsent(device, d -> new AtomicLong()).get();
  }

  private static ConfigChange deviceChanges(DeviceChange... edits) {
    ConfigChange.Builder change = ConfigChange.newBuilder();
    for (DeviceChange edit : edits) {
      change.addDeviceChanges(edit);
    }
    return change.build();
  }

  @Test
  void anAddedDeviceIsPolledAndSavedAndARemovedOneStops() throws Exception {
    Outcome added =
        changes.apply(
            deviceChanges(
                DeviceChange.newBuilder()
                    .setAddDevice(
                        DeviceConfig.newBuilder()
                            .setDeviceId("a101-co2")
                            .setType("simulated-climate")
                            .setPollIntervalMs(100)
                            .setParamsJson("{\"seed\": 3}"))
                    .build()));

    assertThat(added.status()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(added.message()).contains("added a101-co2").contains(file.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> readingsOf("a101-co2") > 0);
    assertThat(new AgentConfigLoader(registry).load(file).devices())
        .extracting(AgentConfig.Device::id)
        .containsExactly("a101-climate", "a101-co2");

    Outcome removed =
        changes.apply(
            deviceChanges(DeviceChange.newBuilder().setRemoveDeviceId("a101-climate").build()));

    assertThat(removed.status()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    long afterRemoval = readingsOf("a101-climate");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> readingsOf("a101-climate") == afterRemoval);
    assertThat(devices.config().devices())
        .extracting(AgentConfig.Device::id)
        .containsExactly("a101-co2");
    assertThat(new AgentConfigLoader(registry).load(file).devices())
        .extracting(AgentConfig.Device::id)
        .containsExactly("a101-co2");
  }

  @Test
  void aNewPollIntervalTakesEffectWithoutRestartingTheDriver() throws Exception {
    Outcome slower =
        changes.apply(
            deviceChanges(
                DeviceChange.newBuilder()
                    .setSetPollInterval(
                        PollIntervalChange.newBuilder()
                            .setDeviceId("a101-climate")
                            .setPollIntervalMs(60_000))
                    .build()));

    assertThat(slower.status()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(slower.message()).contains("every 60000 ms");
    // One poll on rescheduling, then nothing for a minute.
    await().atMost(Duration.ofSeconds(2)).until(() -> readingsOf("a101-climate") > 0);
    long settled = readingsOf("a101-climate");
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> readingsOf("a101-climate") == settled);
    assertThat(devices.config().devices().get(0).pollInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aChangeOutsideRoomsAndDevicesIsRejectedAndNothingChanges() throws Exception {
    String otherBroker = YAML.replace("tcp://127.0.0.1:1", "tcp://10.0.0.9:1883");

    Outcome result =
        changes.apply(
            ConfigChange.newBuilder()
                .setConfigYaml(ByteString.copyFrom(otherBroker, StandardCharsets.UTF_8))
                .build());

    assertThat(result.status()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.message()).contains("broker").contains("restart");
    assertThat(Files.readString(file)).isEqualTo(YAML);
  }

  @Test
  void anInvalidFileIsRejectedWithTheValidatorsMessage() throws Exception {
    String bad = YAML.replace("pollInterval: 100ms", "pollInterval: soon");

    Outcome result =
        changes.apply(
            ConfigChange.newBuilder()
                .setConfigYaml(ByteString.copyFrom(bad, StandardCharsets.UTF_8))
                .build());

    assertThat(result.status()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.message()).contains("line 11").contains("pollInterval 'soon'");
    assertThat(Files.readString(file)).isEqualTo(YAML);
  }

  @Test
  void whenTheFileCannotBeWrittenTheChangeFailsAndIsNotApplied() throws Exception {
    Files.createDirectory(dir.resolve(".agent.yaml.tmp"));

    Outcome result =
        changes.apply(
            deviceChanges(DeviceChange.newBuilder().setRemoveDeviceId("a101-climate").build()));

    assertThat(result.status()).isEqualTo(CommandStatus.COMMAND_STATUS_FAILED);
    assertThat(result.message()).contains("cannot write").contains("nothing was changed");
    assertThat(devices.config().devices()).hasSize(1);
    long before = readingsOf("a101-climate");
    await().atMost(Duration.ofSeconds(2)).until(() -> readingsOf("a101-climate") > before);
  }

  @Test
  void aRestartedDeviceIsPolledAgain() {
    Outcome result = devices.restart("a101-climate");

    assertThat(result.status()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    long before = readingsOf("a101-climate");
    await().atMost(Duration.ofSeconds(2)).until(() -> readingsOf("a101-climate") > before);
    assertThat(devices.restart("nope").status()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(devices.action("a101-climate", "power", Map.of()).message())
        .contains("has no action 'power'");
  }

  private final class CountingSink implements RecordSink {
    @Override
    public void reading(Reading reading) {
      readings.computeIfAbsent(reading.getDeviceId(), d -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void cardTap(CardTap tap) {}

    @Override
    public void equipmentEvent(EquipmentEvent event) {}

    @Override
    public void deviceStatus(DeviceStatus status) {}
  }
}
