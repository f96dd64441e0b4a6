package io.campusedge.drivers.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three reader types are found by name and refuse configurations that cannot work. */
class AttendanceFactoriesTest {
  private final DriverRegistry registry = DriverRegistry.load();

  private static DeviceSpec spec(String type, Map<String, Object> params) {
    return new DeviceSpec("door", type, "A101", Duration.ofMillis(200), params);
  }

  @Test
  void typesAreRegistered() {
    assertThat(registry.types()).contains("mfrc522", "wiegand", "usb-hid-reader");
  }

  @Test
  void validConfigurationsCreateDriversWithoutTouchingHardware() throws Exception {
    assertThat(registry.create(spec("mfrc522", Map.of()))).isNotNull();
    assertThat(registry.create(spec("wiegand", Map.of("d0Pin", 17, "d1Pin", 27, "bits", 34))))
        .isNotNull();
    assertThat(
            registry.create(
                spec("usb-hid-reader", Map.of("device", "/dev/input/by-id/x-event-kbd"))))
        .isNotNull();
  }

  @Test
  void badConfigurationsSayWhatToFix() {
    assertThatThrownBy(() -> registry.create(spec("mfrc522", Map.of("speedHz", 20_000_000))))
        .hasMessageContaining("MFRC522 SPI maximum 10 MHz");
    assertThatThrownBy(() -> registry.create(spec("wiegand", Map.of("d0Pin", 17))))
        .hasMessage("device 'door': parameter 'd1Pin' (BCM GPIO number) is required");
    assertThatThrownBy(
            () -> registry.create(spec("wiegand", Map.of("d0Pin", 17, "d1Pin", 27, "bits", 32))))
        .hasMessageContaining("bits must be 26 or 34");
    assertThatThrownBy(() -> registry.create(spec("wiegand", Map.of("d0Pin", 17, "d1Pin", 17))))
        .hasMessageContaining("must be different GPIOs");
    assertThatThrownBy(() -> registry.create(spec("usb-hid-reader", Map.of())))
        .hasMessageContaining("parameter 'device' is required");
    assertThatThrownBy(
            () ->
                registry.create(
                    spec("usb-hid-reader", Map.of("device", "/dev/input/event0", "eventSize", 20))))
        .hasMessageContaining("eventSize must be 24 (64-bit OS) or 16 (32-bit armhf)");
    assertThatThrownBy(
            () ->
                registry.create(
                    spec(
                        "usb-hid-reader",
                        Map.of("device", "/dev/input/event0", "uidFormat", "b64"))))
        .hasMessageContaining("uidFormat must be decimal or hex");
  }
}
