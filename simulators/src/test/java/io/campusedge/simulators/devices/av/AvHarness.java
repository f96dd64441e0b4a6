package io.campusedge.simulators.devices.av;

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
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a display driver, created by type name through the ServiceLoader registry as the agent does,
 * against a simulator over real TCP; collects what it reports, poll by poll. The clock steps one
 * minute per poll so usage totals move.
 */
final class AvHarness implements RecordSink, AutoCloseable {
  final SteppingClock clock = new SteppingClock(Instant.parse("2026-03-02T01:00:00Z"));
  final List<Reading> readings = new CopyOnWriteArrayList<>();
  final List<EquipmentEvent> events = new CopyOnWriteArrayList<>();
  final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
  private final List<Reading> lastPoll = new CopyOnWriteArrayList<>();
  final DeviceDriver driver;

  AvHarness(String type, Map<String, Object> params) throws DriverConfigException {
    DeviceSpec spec = new DeviceSpec("a101-board", type, "A101", Duration.ofMinutes(1), params);
    driver = DriverRegistry.load().create(spec);
    driver.open(new DriverContext(this, clock));
  }

  /** Polls once; the readings of that poll by metric. */
  Map<String, Reading> poll() {
    clock.advance(Duration.ofMinutes(1));
    lastPoll.clear();
    driver.poll();
    Map<String, Reading> byMetric = new TreeMap<>();
    lastPoll.forEach(r -> byMetric.put(r.getMetric(), r));
    return byMetric;
  }

  DeviceActions actions() {
    return driver.actions().orElseThrow();
  }

  Optional<DeviceStatus> lastStatus() {
    return statuses.isEmpty() ? Optional.empty() : Optional.of(statuses.get(statuses.size() - 1));
  }

  List<EquipmentEventKind> eventKinds() {
    return events.stream().map(EquipmentEvent::getKind).toList();
  }

  static boolean good(Reading r) {
    return r.getQuality() == Quality.QUALITY_GOOD;
  }

  static boolean bad(Reading r) {
    return r.getQuality() == Quality.QUALITY_BAD;
  }

  @Override
  public void reading(Reading reading) {
    readings.add(reading);
    lastPoll.add(reading);
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

  @Override
  public void close() {
    driver.close();
  }

  static final class SteppingClock extends Clock {
    private volatile Instant now;

    SteppingClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
