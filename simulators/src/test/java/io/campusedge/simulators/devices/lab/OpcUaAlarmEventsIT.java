package io.campusedge.simulators.devices.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Severity;
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
 * Alarm conditions as OPC UA events: the simulator fires AlarmConditionType events through the
 * Server object, the driver follows them with an event monitored item ({@code kind: alarms}).
 */
class OpcUaAlarmEventsIT implements RecordSink {
  private static final Duration WAIT = Duration.ofSeconds(30);

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
            "requestTimeout",
            "5s",
            "points",
            List.of(Map.of("metric", "active_alarms", "nodeId", "i=2253", "kind", "alarms")));
    driver =
        DriverRegistry.load()
            .create(new DeviceSpec("lab1-alarms", "opcua", "LAB1", Duration.ofSeconds(1), params));
    driver.open(new DriverContext(this, clock));
  }

  @AfterEach
  void stop() {
    driver.close();
    server.close();
  }

  private void pollUntil(java.util.concurrent.Callable<Boolean> done) {
    try {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                driver.poll();
                return done.call();
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("statuses " + statuses + " readings " + latest, e);
    }
  }

  @Test
  void alarmConditionEventsRaiseAndClear() {
    pollUntil(() -> latest.containsKey("active_alarms"));
    assertThat(latest.get("active_alarms").getIntValue()).isZero();
    server.imbalance(true);
    pollUntil(() -> latest.get("active_alarms").getIntValue() == 1);
    server.doorOpen(true);
    pollUntil(() -> latest.get("active_alarms").getIntValue() == 2);
    server.imbalance(false);
    pollUntil(() -> latest.get("active_alarms").getIntValue() == 1);
    assertThat(events)
        .extracting(
            EquipmentEvent::getAlarmCode, EquipmentEvent::getKind, EquipmentEvent::getSeverity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Centrifuge1/ImbalanceAlarm",
                EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED,
                Severity.SEVERITY_CRITICAL),
            org.assertj.core.groups.Tuple.tuple(
                "Incubator1/DoorAlarm",
                EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED,
                Severity.SEVERITY_WARNING),
            org.assertj.core.groups.Tuple.tuple(
                "Centrifuge1/ImbalanceAlarm",
                EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED,
                Severity.SEVERITY_INFO));
    assertThat(events.get(0).getMessage())
        .isEqualTo("Centrifuge1/ImbalanceAlarm: Rotor imbalance detected, run stopped");
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
