package io.campusedge.drivers.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The display factories, found by type name as the agent finds them, and their validation. */
class DisplayFactoriesTest {
  private final DriverRegistry registry = DriverRegistry.load();

  private DeviceDriver create(String type, Map<String, Object> params)
      throws DriverConfigException {
    return registry.create(
        new DeviceSpec("a101-display", type, "A101", Duration.ofSeconds(30), params));
  }

  private static Map<String, Object> with(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void bothTypesAreRegistered() {
    assertThat(registry.types()).contains("pjlink", "display-board");
  }

  @Test
  void pjlinkDriversOfferActionsWithoutDoingIo() throws Exception {
    DeviceDriver d = create("pjlink", with("host", "192.0.2.10", "password", "JBMIAProjectorLink"));
    assertThat(d.actions()).isPresent();
    assertThat(d.actions().get().supported()).hasSize(4);
    d.close();
  }

  @Test
  void pjlinkParametersAreValidated() {
    assertThatThrownBy(() -> create("pjlink", with()))
        .hasMessage(
            "device 'a101-display': parameter 'host' is required (the projector's IP address or name)");
    assertThatThrownBy(() -> create("pjlink", with("host", "p", "password", "x".repeat(33))))
        .hasMessageContaining("'password' must be 1 to 32 characters");
    assertThatThrownBy(() -> create("pjlink", with("host", "p", "password", "two words")))
        .hasMessageContaining("printable ASCII without spaces");
    assertThatThrownBy(() -> create("pjlink", with("host", "p", "connection", "sometimes")))
        .hasMessageContaining("'connection' must be one of");
    assertThatThrownBy(() -> create("pjlink", with("host", "p", "pjlinkClass", "3")))
        .hasMessageContaining("'pjlinkClass' must be one of");
    assertThatThrownBy(() -> create("pjlink", with("host", "p", "timeout", "10ms")))
        .hasMessageContaining("'timeout' must be between 50ms and 30s");
    assertThatThrownBy(() -> create("pjlink", with("host", "p", "port", 70000)))
        .hasMessageContaining("'port' must be between 1 and 65535");
    assertThatThrownBy(() -> create("pjlink", with("host", "p", "zone", "Hanoi")))
        .hasMessageContaining("'zone' must be a time zone");
  }

  @Test
  void boardParametersAreValidated() throws Exception {
    assertThat(
            create("display-board", with("profile", "samsung-mdc", "host", "192.0.2.11")).actions())
        .isPresent();
    assertThat(create("display-board", with("profile", "smart-mx", "serialPort", "/dev/ttyUSB0")))
        .isNotNull();
    assertThatThrownBy(() -> create("display-board", with("host", "h")))
        .hasMessageContaining("'profile' is required");
    assertThatThrownBy(() -> create("display-board", with("profile", "nec-x", "host", "h")))
        .hasMessageContaining("not shipped");
    assertThatThrownBy(() -> create("display-board", with("profile", "smart-mx", "host", "h")))
        .hasMessageContaining("'port' is required: profile smart-mx names no TCP port");
    assertThatThrownBy(
            () ->
                create(
                    "display-board",
                    with("profile", "smart-mx", "host", "h", "serialPort", "/dev/ttyUSB0")))
        .hasMessageContaining("give exactly one");
    assertThatThrownBy(
            () ->
                create(
                    "display-board",
                    with("profile", "smart-mx", "serialPort", "/dev/ttyUSB0", "parity", "mark")))
        .hasMessageContaining("'parity' must be one of");
    assertThatThrownBy(
            () ->
                create(
                    "display-board", with("profile", "samsung-mdc", "host", "h", "displayId", 300)))
        .hasMessageContaining("'displayId' must be between 0 and 255");
  }
}
