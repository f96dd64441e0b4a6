package io.campusedge.drivers.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sensor types are found by name and refuse configurations that cannot work. */
class EnvironmentFactoriesTest {
  private final DriverRegistry registry = DriverRegistry.load();

  private static DeviceSpec spec(String type, Map<String, Object> params) {
    return new DeviceSpec("a101-" + type, type, "A101", Duration.ofSeconds(10), params);
  }

  @Test
  void allSensorTypesAreRegistered() {
    assertThat(registry.types()).contains("bme280", "scd4x", "bh1750", "pir", "mcp3008-sound");
  }

  @Test
  void defaultsAreEnoughForI2cSensors() throws DriverConfigException {
    assertThat(registry.create(spec("bme280", Map.of()))).isNotNull();
    assertThat(registry.create(spec("scd4x", Map.of()))).isNotNull();
    assertThat(registry.create(spec("bh1750", Map.of("address", "0x5C")))).isNotNull();
    assertThat(registry.create(spec("mcp3008-sound", Map.of("channel", 3)))).isNotNull();
    assertThat(registry.create(spec("pir", Map.of("pin", 17, "hold", "2m")))).isNotNull();
  }

  @Test
  void wrongAddressNamesTheChoices() {
    assertThatThrownBy(() -> registry.create(spec("bme280", Map.of("address", "0x75"))))
        .isInstanceOf(DriverConfigException.class)
        .hasMessageContaining("device 'a101-bme280': parameter 'address' must be 0x76 or 0x77");
    assertThatThrownBy(() -> registry.create(spec("bh1750", Map.of("address", "banana"))))
        .hasMessageContaining("must be an I2C address like 0x76");
  }

  @Test
  void badValuesAreRefusedAtLoadTime() {
    assertThatThrownBy(() -> registry.create(spec("bme280", Map.of("oversampling", 3))))
        .hasMessageContaining("oversampling");
    assertThatThrownBy(
            () -> registry.create(spec("scd4x", Map.of("altitude", 30, "ambientPressure", 1000))))
        .hasMessageContaining("cannot be combined with 'altitude'");
    assertThatThrownBy(() -> registry.create(spec("scd4x", Map.of("maxDataWait", "3s"))))
        .hasMessageContaining("at least 10s");
    assertThatThrownBy(() -> registry.create(spec("pir", Map.of())))
        .hasMessageContaining("'pin' is required");
    assertThatThrownBy(() -> registry.create(spec("pir", Map.of("pin", 40))))
        .hasMessageContaining("between 0 and 27");
    assertThatThrownBy(() -> registry.create(spec("mcp3008-sound", Map.of("channel", 8))))
        .hasMessageContaining("'channel' must be between 0 and 7");
    assertThatThrownBy(() -> registry.create(spec("mcp3008-sound", Map.of("measure", "loud"))))
        .hasMessageContaining("peak-to-peak or rms");
    assertThatThrownBy(() -> registry.create(spec("bh1750", Map.of("mode", "fast"))))
        .hasMessageContaining("continuous or one-time");
  }
}
