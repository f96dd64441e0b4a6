package io.campusedge.hub.internal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.environment.Comfort.Level;
import io.campusedge.hub.internal.store.StoredReading;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import org.junit.jupiter.api.Test;

/** The comfort bands at their edges, with the defaults from the cited guidance. */
class ComfortTest {
  private final EnvironmentConfig config = EnvironmentConfig.defaults();

  @Test
  void co2() {
    assertThat(Comfort.co2(1000, config)).isEqualTo(Level.GOOD);
    assertThat(Comfort.co2(1001, config)).isEqualTo(Level.FAIR);
    assertThat(Comfort.co2(1500, config)).isEqualTo(Level.FAIR);
    assertThat(Comfort.co2(1501, config)).isEqualTo(Level.POOR);
  }

  @Test
  void temperatureHumidityLightAndEmptyRoomNoise() {
    assertThat(Comfort.temperature(20, config)).isEqualTo(Level.GOOD);
    assertThat(Comfort.temperature(26, config)).isEqualTo(Level.GOOD);
    assertThat(Comfort.temperature(27.5, config)).isEqualTo(Level.FAIR);
    assertThat(Comfort.temperature(17.9, config)).isEqualTo(Level.POOR);
    assertThat(Comfort.humidity(30, config)).isEqualTo(Level.GOOD);
    assertThat(Comfort.humidity(74, config)).isEqualTo(Level.FAIR);
    assertThat(Comfort.humidity(80, config)).isEqualTo(Level.POOR);
    assertThat(Comfort.light(300, config)).isEqualTo(Level.GOOD);
    assertThat(Comfort.light(250, config)).isEqualTo(Level.FAIR);
    assertThat(Comfort.light(120, config)).isEqualTo(Level.POOR);
    assertThat(Comfort.emptyRoomNoise(35, config)).isEqualTo(Level.GOOD);
    assertThat(Comfort.emptyRoomNoise(44, config)).isEqualTo(Level.FAIR);
    assertThat(Comfort.emptyRoomNoise(50, config)).isEqualTo(Level.POOR);
  }

  @Test
  void roomComfortIsTheWorstMetricAndLightCountsOnlyWhileThePirSaysOccupied() {
    java.util.Map<String, StoredReading> latest = new java.util.HashMap<>();
    latest.put("co2", reading("co2", 900.0));
    latest.put("illuminance", reading("illuminance", 120.0));
    latest.put("occupied", reading("occupied", false));
    assertThat(Comfort.of(latest, config).status()).isEqualTo("GOOD");
    assertThat(Comfort.of(latest, config).metrics()).doesNotContainKey("illuminance");

    latest.put("occupied", reading("occupied", true));
    assertThat(Comfort.of(latest, config).status()).isEqualTo("POOR");
    assertThat(Comfort.of(latest, config).metrics()).containsEntry("illuminance", Level.POOR);
  }

  private static StoredReading reading(String metric, Object value) {
    Reading.Builder reading =
        Reading.newBuilder()
            .setDeviceId("d1")
            .setMetric(metric)
            .setSourceTimeMs(1_796_000_000_000L)
            .setUnit("1")
            .setQuality(Quality.QUALITY_GOOD);
    if (value instanceof Boolean flag) {
      reading.setBoolValue(flag);
    } else {
      reading.setDoubleValue((Double) value);
    }
    return StoredReading.of("gw", reading.build());
  }
}
