package io.campusedge.agent.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.api.AgentConfig;
import io.campusedge.agent.internal.clock.AgentClock;
import io.campusedge.agent.internal.health.DeviceHealthSink;
import io.campusedge.agent.internal.health.HealthReporter;
import io.campusedge.agent.internal.health.UplinkCounters;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page over real HTTP, with a real outbox and health counters behind it. */
class StatusServerTest {
  private static final String PASSWORD = "very-secret-mqtt-password";

  @TempDir Path dir;
  private H2Outbox outbox;
  private StatusServer server;
  private DeviceHealthSink devices;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    AgentConfig config =
        new AgentConfig(
            "THPT-TEST",
            "gw-a101",
            dir,
            new AgentConfig.Broker(
                "tcp://127.0.0.1:1", Optional.of("gw-a101"), Optional.of(PASSWORD)),
            List.of(new AgentConfig.Room("A101", "Lớp 10A1")),
            List.of(
                new AgentConfig.Device(
                    "a101-climate", "simulated-climate", "A101", Duration.ofSeconds(10), Map.of())),
            AgentConfig.UplinkSettings.DEFAULTS,
            new AgentConfig.ClockSettings(true));
    outbox = H2Outbox.open(dir.resolve("outbox"), Clock.systemUTC(), "status-test");
    outbox
        .append(
            Lane.TELEMETRY, Record.newBuilder().setReading(Reading.getDefaultInstance()).build())
        .get(10, TimeUnit.SECONDS);
    devices = new DeviceHealthSink(new NoSink());
    AgentClock clock = new AgentClock(Clock.systemUTC(), () -> true);
    HealthReporter reporter =
        new HealthReporter(
            () -> config, outbox, clock, devices, new UplinkCounters(), () -> false, "0.1.0-test");
    server =
        StatusServer.start(new InetSocketAddress("127.0.0.1", 0), reporter::report, "gw-a101")
            .orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
    outbox.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statusJsonSaysWhatIsWrongPerLaneAndPerDevice() throws Exception {
    devices.deviceStatus(
        DeviceStatus.newBuilder()
            .setDeviceId("a101-climate")
            .setReachable(false)
            .setError("I2C bus 1: no device at 0x76")
            .build());
    devices.reading(
        Reading.newBuilder()
            .setDeviceId("a101-climate")
            .setMetric("co2")
            .setQuality(Quality.QUALITY_BAD)
            .setQualityReason("CRC error")
            .build());

    HttpResponse<String> response = get("/status.json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode status = new ObjectMapper().readTree(response.body());
    assertThat(status.path("healthy").asBoolean()).isFalse();
    assertThat(status.path("problems").toString())
        .contains("Not connected to the broker tcp://127.0.0.1:1")
        .contains("Device a101-climate is not reachable: I2C bus 1: no device at 0x76");
    JsonNode telemetry = status.path("outbox").path("lanes").get(2);
    assertThat(telemetry.path("lane").asText()).isEqualTo("telemetry");
    assertThat(telemetry.path("pendingRecords").asLong()).isEqualTo(1);
    assertThat(status.path("outbox").path("diskFull").asBoolean()).isFalse();
    JsonNode device = status.path("devices").get(0);
    assertThat(device.path("errors").asLong()).isEqualTo(1);
    assertThat(device.path("badReadings").asLong()).isEqualTo(1);
    assertThat(device.path("lastError").asText()).isEqualTo("co2: CRC error");
    assertThat(status.path("clock").path("synced").asBoolean()).isTrue();
    assertThat(response.body()).doesNotContain(PASSWORD);
  }

  @Test
  void thePageIsHtmlForAPhoneWithoutSecrets() throws Exception {
    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(response.body())
        .contains("<meta name=\"viewport\"")
        .contains("Gateway gw-a101 · THPT-TEST")
        .contains("Needs attention")
        .contains("a101-climate")
        .contains("telemetry")
        .doesNotContain(PASSWORD);
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/admin").statusCode()).isEqualTo(404);
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/status.json");
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aTakenPortLeavesTheAgentWithoutAPageRatherThanFailing() {
    InetSocketAddress taken = new InetSocketAddress("127.0.0.1", server.address().getPort());

    assertThat(StatusServer.start(taken, () -> null, "other")).isEmpty();
  }

  private static final class NoSink implements RecordSink {
    @Override
    public void reading(Reading reading) {}

    @Override
    public void cardTap(CardTap tap) {}

    @Override
    public void equipmentEvent(EquipmentEvent event) {}

    @Override
    public void deviceStatus(DeviceStatus status) {}
  }
}
