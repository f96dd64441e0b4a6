package io.campusedge.simulators.devices.env;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a real driver, created by type name through the ServiceLoader registry as the agent does,
 * against simulated chips; collects what it reports, poll by poll.
 */
final class DriverHarness implements RecordSink, AutoCloseable {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  private final List<Reading> readings = new CopyOnWriteArrayList<>();
  private final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
  private final DeviceDriver driver;

  DriverHarness(String type, Map<String, Object> params, Buses buses) throws DriverConfigException {
    DeviceSpec spec = new DeviceSpec("a101-" + type, type, "A101", Duration.ofSeconds(10), params);
    driver = DriverRegistry.load().create(spec);
    driver.open(new DriverContext(this, clock, buses));
  }

  /** Polls once and returns the readings of that poll, by metric. */
  Map<String, Reading> poll() {
    readings.clear();
    driver.poll();
    Map<String, Reading> byMetric = new java.util.TreeMap<>();
    readings.forEach(r -> byMetric.put(r.getMetric(), r));
    return byMetric;
  }

  List<DeviceStatus> statuses() {
    return statuses;
  }

  Optional<DeviceStatus> lastStatus() {
    return statuses.isEmpty() ? Optional.empty() : Optional.of(statuses.get(statuses.size() - 1));
  }

  static boolean allBad(Map<String, Reading> readings) {
    return !readings.isEmpty()
        && readings.values().stream().allMatch(r -> r.getQuality() == Quality.QUALITY_BAD);
  }

  static boolean allGood(Map<String, Reading> readings) {
    return !readings.isEmpty()
        && readings.values().stream().allMatch(r -> r.getQuality() == Quality.QUALITY_GOOD);
  }

  @Override
  public void reading(Reading reading) {
    readings.add(reading);
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

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
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
