package io.campusedge.agent.internal.health;

import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes every record on and keeps, per device, what a technician asks first: is it reachable, how
 * often did it fail, what was the last error. Poll failures reach it as unreachable statuses.
 */
public final class DeviceHealthSink implements RecordSink {
  private final RecordSink next;
  private final Map<String, Entry> devices = new ConcurrentHashMap<>();

  /** Counters of one device since the agent started. */
  public record Snapshot(
      String deviceId,
      boolean reachable,
      String unreachableReason,
      long errors,
      long badReadings,
      String lastError,
      long lastErrorTimeMs) {}

  private static final class Entry {
    private boolean reachable = true;
    private String unreachableReason = "";
    private long errors;
    private long badReadings;
    private String lastError = "";
    private long lastErrorTimeMs;

    synchronized Snapshot snapshot(String id) {
      return new Snapshot(
          id, reachable, unreachableReason, errors, badReadings, lastError, lastErrorTimeMs);
    }
  }

  public DeviceHealthSink(RecordSink next) {
    this.next = next;
  }

  @Override
  public void reading(Reading reading) {
    if (reading.getQuality() == Quality.QUALITY_BAD) {
      Entry entry = entry(reading.getDeviceId());
      synchronized (entry) {
        entry.badReadings++;
        entry.lastError = reading.getMetric() + ": " + reading.getQualityReason();
        entry.lastErrorTimeMs = reading.getSourceTimeMs();
      }
    }
    next.reading(reading);
  }

  @Override
  public void cardTap(CardTap tap) {
    next.cardTap(tap);
  }

  @Override
  public void equipmentEvent(EquipmentEvent event) {
    next.equipmentEvent(event);
  }

  @Override
  public void deviceStatus(DeviceStatus status) {
    Entry entry = entry(status.getDeviceId());
    synchronized (entry) {
      entry.reachable = status.getReachable();
      entry.unreachableReason = status.getReachable() ? "" : status.getError();
      if (!status.getReachable()) {
        entry.errors++;
        entry.lastError = status.getError();
        entry.lastErrorTimeMs = status.getSourceTimeMs();
      }
    }
    next.deviceStatus(status);
  }

  /** Devices in {@code ids} order; one never heard from is reachable with no errors. */
  public List<Snapshot> snapshot(List<String> ids) {
    return ids.stream().map(id -> entry(id).snapshot(id)).toList();
  }

  /** A removed or restarted device starts with clean counters. */
  public void forget(String deviceId) {
    devices.remove(deviceId);
  }

  private Entry entry(String deviceId) {
    return devices.computeIfAbsent(deviceId, id -> new Entry());
  }
}
