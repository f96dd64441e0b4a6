package io.campusedge.hub.internal.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.store.BatchOutcome;
import io.campusedge.hub.internal.store.GatewayInventoryStore;
import io.campusedge.hub.internal.store.KnownDevice;
import io.campusedge.hub.internal.store.KnownRoom;
import io.campusedge.hub.internal.store.MetricValue;
import io.campusedge.hub.internal.store.ReadingQuality;
import io.campusedge.hub.internal.store.RecordStore;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.GatewayState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveStateTest {
  private final LiveState live = new LiveState(new NoRecords(), new OneRoom());

  @Test
  void roomsShowTheNewestReadingOfTheirDevices() {
    live.load();

    live.apply(List.of(reading("bme1", "temperature", 2_000, 22.0)));
    live.apply(List.of(reading("bme1", "temperature", 1_000, 21.0))); // late, older

    List<LiveState.RoomLatest> rooms = live.rooms();
    assertThat(rooms).hasSize(1);
    assertThat(rooms.get(0).room().roomId()).isEqualTo("A101");
    assertThat(rooms.get(0).latestByMetric().get("temperature").value())
        .isEqualTo(new MetricValue.Decimal(22.0));
  }

  @Test
  void readingsOfDevicesInNoKnownRoomAreKeptOutOfRooms() {
    live.load();

    live.apply(List.of(reading("unknown-device", "co2", 1_000, 800)));

    assertThat(live.rooms().get(0).latestByMetric()).isEmpty();
  }

  private static StoredReading reading(String device, String metric, long timeMs, double value) {
    return new StoredReading(
        "gw1",
        device,
        metric,
        Instant.ofEpochMilli(timeMs),
        new MetricValue.Decimal(value),
        "Cel",
        ReadingQuality.GOOD,
        "");
  }

  private static final class NoRecords implements RecordStore {
    @Override
    public BatchOutcome store(Batch batch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<StoredReading> latestReadings() {
      return List.of();
    }
  }

  private static final class OneRoom implements GatewayInventoryStore {
    @Override
    public void apply(GatewayState state) {}

    @Override
    public void touch(Map<String, Instant> heard) {}

    @Override
    public List<String> markOffline(Instant cutoff) {
      return List.of();
    }

    @Override
    public List<KnownRoom> rooms() {
      return List.of(new KnownRoom("s1", "A101", "Lớp 10A1"));
    }

    @Override
    public List<KnownDevice> devices() {
      return List.of(new KnownDevice("gw1", "bme1", "s1", "bme280", "A101"));
    }
  }
}
