package io.campusedge.simulators.devices.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code opcua} driver, created through the ServiceLoader registry as the agent does, against
 * the Milo lab-instrument simulator over real OPC UA TCP on a free port.
 */
class OpcUaLabInstrumentIT implements RecordSink {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final Map<String, Reading> latest = new ConcurrentHashMap<>();
  private final List<EquipmentEvent> events = new CopyOnWriteArrayList<>();
  private final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
  private LabInstrumentServer server;
  private DeviceDriver driver;

  @BeforeEach
  void start() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);
    server = new LabInstrumentServer(clock).start(0);
    Map<String, Object> params =
        Map.of(
            "endpoint",
            server.endpointUrl(),
            "publishingInterval",
            "100ms",
            "samplingInterval",
            "50ms",
            "requestTimeout",
            "2s",
            "points",
            List.of(
                Map.of(
                    "metric",
                    "temperature",
                    "unit",
                    "Cel",
                    "nodeId",
                    "ns=2;s=Incubator1/Temperature"),
                Map.of(
                    "metric",
                    "setpoint",
                    "unit",
                    "Cel",
                    "path",
                    "Incubator1/TemperatureSetpoint",
                    "writable",
                    true),
                Map.of("metric", "co2", "unit", "%", "path", "Incubator1/CO2"),
                Map.of(
                    "metric",
                    "door_open",
                    "path",
                    "Incubator1/DoorAlarm/ActiveState/Id",
                    "kind",
                    "alarm"),
                Map.of("metric", "speed", "unit", "/min", "path", "Centrifuge1/Speed"),
                Map.of(
                    "metric",
                    "rotor_state",
                    "path",
                    "Centrifuge1/Rotor/CurrentState",
                    "kind",
                    "state"),
                Map.of("metric", "run_id", "path", "Centrifuge1/Rotor/RunId", "kind", "run"),
                Map.of("metric", "run_start", "path", "Centrifuge1/Rotor/StartTime"),
                Map.of(
                    "metric",
                    "imbalance",
                    "path",
                    "2:Centrifuge1/2:ImbalanceAlarm/ActiveState/Id",
                    "kind",
                    "alarm",
                    "severity",
                    "critical"),
                Map.of("metric", "missing", "nodeId", "ns=2;s=Centrifuge1/NoSuchNode")));
    driver =
        DriverRegistry.load()
            .create(new DeviceSpec("lab1-opcua", "opcua", "LAB1", Duration.ofSeconds(1), params));
    driver.open(new DriverContext(this, clock));
  }

  @AfterEach
  void stop() {
    driver.close();
    server.close();
  }

  private Reading pollFor(String metric, java.util.function.Predicate<Reading> what) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              driver.poll();
              Reading r = latest.get(metric);
              return r != null && what.test(r);
            });
    return latest.get(metric);
  }

  private void pollUntilEvent(EquipmentEventKind kind) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              driver.poll();
              return events.stream().anyMatch(e -> e.getKind() == kind);
            });
  }

  @Test
  void valuesArriveGoodAndTheMissingNodeIsBad() {
    Reading t = pollFor("temperature", r -> r.getQuality() == Quality.QUALITY_GOOD);
    assertThat(t.getDoubleValue()).isEqualTo(37.0);
    assertThat(t.getUnit()).isEqualTo("Cel");
    assertThat(pollFor("rotor_state", r -> true).getStringValue()).isEqualTo("Idle");
    assertThat(pollFor("co2", r -> true).getQuality()).isEqualTo(Quality.QUALITY_GOOD);
    Reading missing = pollFor("missing", r -> true);
    assertThat(missing.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(missing.getQualityReason()).startsWith("Bad_NodeIdUnknown");
    assertThat(statuses).last().extracting(DeviceStatus::getReachable).isEqualTo(true);
  }

  @Test
  void aCentrifugeRunRaisesStateAndRunEvents() {
    pollFor("rotor_state", r -> r.getStringValue().equals("Idle"));
    assertThat(server.startRun("PELLET-5MIN")).isTrue();
    server.tick(Duration.ofSeconds(1));
    pollUntilEvent(EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED);
    EquipmentEvent started =
        events.stream()
            .filter(e -> e.getKind() == EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED)
            .findFirst()
            .orElseThrow();
    assertThat(started.getRunId()).isEqualTo("RUN-0001");
    assertThat(pollFor("run_start", r -> !r.getStringValue().isEmpty()).getStringValue())
        .isEqualTo("2026-03-02T02:00:00Z");
    assertThat(pollFor("speed", r -> r.getDoubleValue() > 0).getDoubleValue()).isEqualTo(2000.0);
    server.stopRun();
    server.tick(Duration.ofSeconds(5));
    pollUntilEvent(EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED);
    pollFor("rotor_state", r -> r.getStringValue().equals("Idle"));
    assertThat(
            events.stream()
                .filter(e -> e.getKind() == EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED)
                .map(EquipmentEvent::getState))
        .containsSubsequence("Idle", "Running", "Idle");
  }

  @Test
  void alarmsAreRaisedAndCleared() {
    pollFor("imbalance", r -> r.getQuality() == Quality.QUALITY_GOOD);
    server.imbalance(true);
    pollUntilEvent(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED);
    server.imbalance(false);
    pollUntilEvent(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED);
    EquipmentEvent raised =
        events.stream().filter(e -> e.getAlarmCode().equals("imbalance")).findFirst().orElseThrow();
    assertThat(raised.getSeverity()).isEqualTo(io.campusedge.protos.v1.Severity.SEVERITY_CRITICAL);
  }

  @Test
  void aBadNodeIsReportedBadWithTheStatusName() {
    pollFor("co2", r -> r.getQuality() == Quality.QUALITY_GOOD);
    server.makeBad("Incubator1/CO2", "Bad_SensorFailure");
    Reading bad = pollFor("co2", r -> r.getQuality() == Quality.QUALITY_BAD);
    assertThat(bad.getQualityReason()).startsWith("Bad_SensorFailure");
    assertThat(latest.get("temperature").getQuality()).isEqualTo(Quality.QUALITY_GOOD);
    server.makeGood("Incubator1/CO2");
    pollFor("co2", r -> r.getQuality() == Quality.QUALITY_GOOD);
  }

  @Test
  void aServerRestartIsReportedAndReadingsResume() throws Exception {
    pollFor("temperature", r -> r.getQuality() == Quality.QUALITY_GOOD);
    int port = server.port();
    server.stop();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              driver.poll();
              return !statuses.isEmpty() && !statuses.get(statuses.size() - 1).getReachable();
            });
    DeviceStatus offline = statuses.get(statuses.size() - 1);
    assertThat(offline.getError()).contains(server.endpointUrl());
    assertThat(latest.get("temperature").getQuality()).isEqualTo(Quality.QUALITY_BAD);
    server.tick(Duration.ofSeconds(1));
    server.start(port);
    server.setpointForTest(30.0);
    Reading back =
        pollFor(
            "setpoint", r -> r.getQuality() == Quality.QUALITY_GOOD && r.getDoubleValue() == 30.0);
    assertThat(back.getDoubleValue()).isEqualTo(30.0);
    assertThat(statuses.get(statuses.size() - 1).getReachable()).isTrue();
  }

  @Test
  void droppedSessionsAreRecovered() {
    pollFor("temperature", r -> r.getQuality() == Quality.QUALITY_GOOD);
    assertThat(server.dropSessions()).isGreaterThan(0);
    server.doorOpen(true);
    pollUntilEvent(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED);
  }

  @Test
  void theSetpointCanBeWrittenAsAnAction() {
    pollFor("setpoint", r -> r.getQuality() == Quality.QUALITY_GOOD);
    ActionResult result =
        driver.actions().orElseThrow().execute("set-setpoint", Map.of("value", "32.5"));
    assertThat(result.done()).as(result.message()).isTrue();
    assertThat(server.setpoint()).isEqualTo(32.5);
    assertThat(
            driver
                .actions()
                .orElseThrow()
                .execute("set-setpoint", Map.of("value", "warm"))
                .status())
        .isEqualTo(ActionResult.Status.REJECTED);
  }

  @Override
  public void reading(Reading reading) {
    latest.put(reading.getMetric(), reading);
  }

  @Override
  public void cardTap(CardTap tap) {}

  @Override
  public void equipmentEvent(EquipmentEvent event) {
    events.add(event);
  }

  @Override
  public void deviceStatus(DeviceStatus status) {
    statuses.add(status);
  }
}
