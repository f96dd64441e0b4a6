package io.campusedge.hub.internal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.config.EnvironmentConfig;
import io.campusedge.hub.internal.environment.Comfort.Level;
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
}
