package io.campusedge.drivers.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TapSettingsTest {
  private static DeviceSpec spec(Map<String, Object> params) {
    return new DeviceSpec("door", "mfrc522", "A101", Duration.ofMillis(200), params);
  }

  @Test
  void defaultsToThreeSecondsAndNoFeedback() throws DriverConfigException {
    TapSettings settings = TapSettings.from(spec(Map.of()));
    assertThat(settings.repeatWindow()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.feedbackPin()).isEmpty();
    assertThat(settings.feedback()).isEqualTo(Duration.ofMillis(150));
  }

  @Test
  void readsDurationsAndPins() throws DriverConfigException {
    TapSettings settings =
        TapSettings.from(spec(Map.of("repeatWindow", "5s", "feedbackPin", 18, "feedbackMs", 80)));
    assertThat(settings.repeatWindow()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.feedbackPin()).hasValue(18);
    assertThat(settings.feedback()).isEqualTo(Duration.ofMillis(80));
    assertThat(TapSettings.from(spec(Map.of("repeatWindow", "PT1M"))).repeatWindow())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(TapSettings.from(spec(Map.of("repeatWindow", 1500))).repeatWindow())
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void explainsBadValues() {
    assertThatThrownBy(() -> TapSettings.from(spec(Map.of("repeatWindow", "soon"))))
        .hasMessageContaining("'repeatWindow' must be a duration like 500ms, 3s or 1m");
    assertThatThrownBy(() -> TapSettings.from(spec(Map.of("feedbackPin", 40))))
        .hasMessageContaining("BCM GPIO number 0-27 (not a header pin number)");
  }
}
