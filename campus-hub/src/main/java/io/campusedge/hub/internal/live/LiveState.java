package io.campusedge.hub.internal.live;

import io.campusedge.hub.internal.store.GatewayInventoryStore;
import io.campusedge.hub.internal.store.KnownDevice;
import io.campusedge.hub.internal.store.KnownRoom;
import io.campusedge.hub.internal.store.RecordStore;
import io.campusedge.hub.internal.store.StoredReading;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latest value per (gateway, device, metric) and the room each device is in, in memory. Loaded from
 * the database at start-up and updated after each commit.
 */
@Singleton
public class LiveState {
  private final RecordStore records;
  private final GatewayInventoryStore inventory;
  private final Map<MetricKey, StoredReading> latest = new ConcurrentHashMap<>();
  private volatile Inventory rooms = Inventory.EMPTY;

  public LiveState(RecordStore records, GatewayInventoryStore inventory) {
    this.records = records;
    this.inventory = inventory;
  }

  /** Replaces everything with what the database holds. */
  public void load() {
    latest.clear();
    apply(records.latestReadings());
    reloadInventory();
  }

  /** Called after a gateway state was committed; state messages are rare, so re-read all. */
  public void reloadInventory() {
    rooms = Inventory.of(inventory.rooms(), inventory.devices());
  }

  /** Readings that were just committed; an older reading never replaces a newer one. */
  public void apply(Collection<StoredReading> readings) {
    for (StoredReading reading : readings) {
      latest.merge(
          new MetricKey(reading.gatewayId(), reading.deviceId(), reading.metric()),
          reading,
          (current, candidate) -> candidate.isNewerThan(current) ? candidate : current);
    }
  }

  /** The device as the gateway's last birth described it (room, site), if known. */
  public Optional<KnownDevice> device(String gatewayId, String deviceId) {
    return Optional.ofNullable(rooms.devices().get(new DeviceKey(gatewayId, deviceId)));
  }

  /** Every known room with the newest reading per metric of the devices in it. */
  public List<RoomLatest> rooms() {
    Inventory current = rooms;
    Map<RoomKey, Map<String, StoredReading>> byRoom = new HashMap<>();
    for (StoredReading reading : latest.values()) {
      KnownDevice device =
          current.devices().get(new DeviceKey(reading.gatewayId(), reading.deviceId()));
      if (device == null) {
        continue;
      }
      byRoom
          .computeIfAbsent(new RoomKey(device.site(), device.roomId()), key -> new HashMap<>())
          .merge(
              reading.metric(),
              reading,
              (kept, candidate) -> candidate.isNewerThan(kept) ? candidate : kept);
    }
    List<RoomLatest> result = new ArrayList<>();
    for (KnownRoom room : current.rooms()) {
      result.add(
          new RoomLatest(
              room,
              Map.copyOf(byRoom.getOrDefault(new RoomKey(room.site(), room.roomId()), Map.of()))));
    }
    return result;
  }

  /** A room and its newest reading per metric. */
  public record RoomLatest(KnownRoom room, Map<String, StoredReading> latestByMetric) {}

  private record MetricKey(String gatewayId, String deviceId, String metric) {}

  private record DeviceKey(String gatewayId, String deviceId) {}

  private record RoomKey(String site, String roomId) {}

  private record Inventory(List<KnownRoom> rooms, Map<DeviceKey, KnownDevice> devices) {
    static final Inventory EMPTY = new Inventory(List.of(), Map.of());

    static Inventory of(List<KnownRoom> rooms, List<KnownDevice> devices) {
      Map<DeviceKey, KnownDevice> byKey = new HashMap<>();
      for (KnownDevice device : devices) {
        byKey.put(new DeviceKey(device.gatewayId(), device.deviceId()), device);
      }
      return new Inventory(List.copyOf(rooms), Map.copyOf(byKey));
    }
  }
}
