package io.campusedge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.internal.command.Outcome;
import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.api.DeviceActions;
import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.protos.v1.CommandStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriverActionsTest {
  private final List<String> executed = new ArrayList<>();

  /** A projector that powers off when asked, refuses input changes while warming up. */
  private final DeviceDriver projector =
      new DeviceDriver() {
        @Override
        public void open(DriverContext context) {}

        @Override
        public void poll() {}

        @Override
        public Optional<DeviceActions> actions() {
          return Optional.of(
              new DeviceActions() {
                @Override
                public List<ActionSpec> supported() {
                  return List.of(
                      new ActionSpec("power-off", "switch off", Map.of()),
                      new ActionSpec("input", "choose input", Map.of("source", "hdmi1|vga")),
                      new ActionSpec("mute", "mute", Map.of()));
                }

                @Override
                public ActionResult execute(String action, Map<String, String> args) {
                  executed.add(action);
                  return switch (action) {
                    case "power-off" -> ActionResult.done("projector is cooling down");
                    case "input" ->
                        args.containsKey("source")
                            ? ActionResult.refused("warming up, try in 30 s")
                            : ActionResult.rejected("input needs source=hdmi1 or vga");
                    default -> ActionResult.unreachable("no answer on 192.168.1.50:4352");
                  };
                }
              });
        }

        @Override
        public void close() {}
      };

  private Outcome perform(String action, Map<String, String> args) {
    return new DriverActions().perform(projector, action, args).orElseThrow();
  }

  @Test
  void mapsWhatTheDeviceSaidToTheCommandStatus() {
    assertThat(perform("power-off", Map.of()).status()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(perform("input", Map.of()).status())
        .isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    Outcome refused = perform("input", Map.of("source", "vga"));
    assertThat(refused.status()).isEqualTo(CommandStatus.COMMAND_STATUS_FAILED);
    assertThat(refused.message()).contains("warming up");
    assertThat(perform("mute", Map.of()).message()).contains("did not answer");
  }

  @Test
  void anActionTheDeviceDoesNotListIsRejectedWithoutReachingIt() {
    Outcome unknown = perform("self-destruct", Map.of());

    assertThat(unknown.status()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(unknown.message()).contains("power-off, input, mute");
    assertThat(executed).isEmpty();
  }

  @Test
  void aDriverWithoutActionsIsLeftToTheCaller() {
    DeviceDriver sensor =
        new DeviceDriver() {
          @Override
          public void open(DriverContext context) {}

          @Override
          public void poll() {}

          @Override
          public void close() {}
        };

    assertThat(new DriverActions().perform(sensor, "power-off", Map.of())).isEmpty();
  }
}
