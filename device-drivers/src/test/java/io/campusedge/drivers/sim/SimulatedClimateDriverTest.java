package io.campusedge.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedClimateDriverTest {

  static final class CollectingSink implements RecordSink {
    final List<Reading> readings = new ArrayList<>();

    @Override
    public void reading(Reading reading) {
      readings.add(reading);
    }

    @Override
    public void cardTap(CardTap tap) {}

    @Override
    public void equipmentEvent(EquipmentEvent event) {}

    @Override
    public void deviceStatus(DeviceStatus status) {}
  }

  private static DeviceDriver driver(Map<String, Object> params) throws DriverConfigException {
    return new SimulatedClimateFactory()
        .create(
            new DeviceSpec("a101-env", "simulated-climate", "A101", Duration.ofSeconds(5), params));
  }

  @Test
  void onePollGivesEveryClassroomMetricWithUcumUnits() throws Exception {
    CollectingSink sink = new CollectingSink();
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);
    DeviceDriver driver = driver(Map.of("seed", 3));
    driver.open(new DriverContext(sink, clock));
    driver.poll();

    assertThat(sink.readings)
        .extracting(Reading::getMetric, Reading::getUnit)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("temperature", "Cel"),
            org.assertj.core.groups.Tuple.tuple("humidity", "%"),
            org.assertj.core.groups.Tuple.tuple("co2", "[ppm]"),
            org.assertj.core.groups.Tuple.tuple("illuminance", "lx"),
            org.assertj.core.groups.Tuple.tuple("noise", "dB[SPL]"),
            org.assertj.core.groups.Tuple.tuple("occupancy", "1"));
    assertThat(sink.readings)
        .allSatisfy(
            r -> {
              assertThat(r.getDeviceId()).isEqualTo("a101-env");
              assertThat(r.getSourceTimeMs()).isEqualTo(clock.millis());
              assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_GOOD);
            });
    // 09:00 in Hanoi on a Monday: a lesson is on.
    assertThat(sink.readings.get(5).getIntValue()).isEqualTo(35);
  }

  @Test
  void failEveryTurnsCo2BadWithAReason() throws Exception {
    CollectingSink sink = new CollectingSink();
    DeviceDriver driver = driver(Map.of("failEvery", 2));
    driver.open(new DriverContext(sink, Clock.systemUTC()));
    driver.poll();
    driver.poll();
    List<Reading> co2 = sink.readings.stream().filter(r -> r.getMetric().equals("co2")).toList();
    assertThat(co2.get(0).getQuality()).isEqualTo(Quality.QUALITY_GOOD);
    assertThat(co2.get(1).getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(co2.get(1).getQualityReason()).contains("CRC");
    assertThat(co2.get(1).hasDoubleValue()).isFalse();
  }

  @Test
  void badParametersFailWithTheDeviceName() {
    assertThatThrownBy(() -> driver(Map.of("students", 500)))
        .isInstanceOf(DriverConfigException.class)
        .hasMessage("device 'a101-env': students must be 0-200, got 500");
    assertThatThrownBy(() -> driver(Map.of("volumeM3", 0)))
        .hasMessageContaining("volumeM3 and airChangesPerHour must be positive");
    assertThatThrownBy(() -> driver(Map.of("zone", "Mars/Olympus")))
        .hasMessageContaining("unknown time zone Mars/Olympus");
  }
}
