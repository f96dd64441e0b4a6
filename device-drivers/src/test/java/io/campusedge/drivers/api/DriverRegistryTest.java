package io.campusedge.drivers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverRegistryTest {

  @Test
  void findsDriversByTypeThroughServiceLoader() {
    DriverRegistry registry = DriverRegistry.load();
    assertThat(registry.types()).contains("simulated-climate");
    assertThat(registry.find("simulated-climate")).isPresent();
  }

  @Test
  void unknownTypeNamesTheKnownOnes() {
    DeviceSpec spec = new DeviceSpec("d1", "bme281", "A101", Duration.ofSeconds(5), Map.of());
    assertThatThrownBy(() -> DriverRegistry.load().create(spec))
        .isInstanceOf(DriverConfigException.class)
        .hasMessageContaining("device 'd1': unknown type 'bme281'")
        .hasMessageContaining("simulated-climate");
  }

  @Test
  void numericParametersAreCheckedWithTheirName() {
    DeviceSpec spec =
        new DeviceSpec(
            "d1", "x", "A101", Duration.ofSeconds(5), Map.of("students", "many", "seed", 1.5));
    assertThatThrownBy(() -> spec.longParam("students", 0))
        .hasMessage("device 'd1': parameter 'students' must be a number, got 'many'");
    assertThatThrownBy(() -> spec.longParam("seed", 0))
        .hasMessage("device 'd1': parameter 'seed' must be a whole number, got 1.5");
  }
}
