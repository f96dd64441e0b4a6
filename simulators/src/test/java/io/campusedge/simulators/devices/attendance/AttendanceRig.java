package io.campusedge.simulators.devices.attendance;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.drivers.api.SiteKey;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;
import io.campusedge.simulators.bus.FakeBuses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real driver, found by type through ServiceLoader, on fake buses with a recording sink. */
final class AttendanceRig implements RecordSink, AutoCloseable {
  static final SiteKey SITE_KEY =
      new SiteKey("k2026", HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));

  final FakeBuses buses = new FakeBuses();
  final List<CardTap> taps = new CopyOnWriteArrayList<>();
  final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
  final MovableClock clock = new MovableClock();
  private DeviceDriver driver;

  DeviceDriver open(String type, Map<String, Object> params, Optional<SiteKey> key)
      throws DriverConfigException {
    DeviceSpec spec = new DeviceSpec("reader-a101", type, "A101", Duration.ofMillis(200), params);
    driver = DriverRegistry.load().create(spec);
    driver.open(new DriverContext(this, clock, buses, key));
    return driver;
  }

  DeviceDriver open(String type, Map<String, Object> params) throws DriverConfigException {
    return open(type, params, Optional.of(SITE_KEY));
  }

  static byte[] ref(String uidHex) {
    return SITE_KEY.reference(HexFormat.of().parseHex(uidHex));
  }

  /** The newest status, for "what does the technician see now". */
  DeviceStatus lastStatus() {
    return statuses.get(statuses.size() - 1);
  }

  @Override
  public void reading(Reading reading) {}

  @Override
  public void cardTap(CardTap tap) {
    taps.add(tap);
  }

  @Override
  public void equipmentEvent(EquipmentEvent event) {}

  @Override
  public void deviceStatus(DeviceStatus status) {
    statuses.add(status);
  }

  @Override
  public void close() {
    if (driver != null) {
      driver.close();
    }
  }

  /** Wall clock the test moves, for the repeat window. */
  static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-09-07T00:30:00Z");

    void advance(Duration by) {
      now = now.plus(by);
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
