package io.campusedge.simulators.devices.lab;

import io.campusedge.drivers.api.DeviceActions;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a lab driver, created by type name through the ServiceLoader registry as the agent does,
 * against a simulator over real TCP; collects what it reports, poll by poll.
 */
final class LabHarness implements RecordSink, AutoCloseable {
  final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
  private final List<Reading> lastPoll = new CopyOnWriteArrayList<>();
  final DeviceDriver driver;

  LabHarness(String type, Map<String, Object> params) throws DriverConfigException {
    DeviceSpec spec = new DeviceSpec("lab1-hood", type, "LAB1", Duration.ofSeconds(10), params);
    driver = DriverRegistry.load().create(spec);
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T02:00:00Z"), ZoneOffset.UTC);
    driver.open(new DriverContext(this, clock));
  }

  /** Polls once; the readings of that poll by metric. */
  Map<String, Reading> poll() {
    lastPoll.clear();
    driver.poll();
    Map<String, Reading> byMetric = new TreeMap<>();
    lastPoll.forEach(r -> byMetric.put(r.getMetric(), r));
    return byMetric;
  }

  DeviceActions actions() {
    return driver.actions().orElseThrow();
  }

  DeviceStatus lastStatus() {
    return statuses.get(statuses.size() - 1);
  }

  @Override
  public void reading(Reading reading) {
    lastPoll.add(reading);
  }

  @Override
  public void cardTap(CardTap tap) {}

  @Override
  public void equipmentEvent(EquipmentEvent event) {}

  @Override
  public void deviceStatus(DeviceStatus status) {
    statuses.add(status);
  }

  @Override
  public void close() {
    driver.close();
  }
}
