package io.campusedge.agent.internal;

import io.campusedge.agent.internal.command.Outcome;
import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.api.DeviceActions;
import io.campusedge.drivers.api.DeviceDriver;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a hub's device action to the driver's {@link DeviceActions}: an action the driver does not
 * list is REJECTED without reaching it; a device that refuses or does not answer is FAILED.
 */
final class DriverActions implements LiveDevices.ActionRoute {

  @Override
  public Optional<Outcome> perform(
      DeviceDriver driver, String action, Map<String, String> parameters) {
    Optional<DeviceActions> actions = driver.actions();
    if (actions.isEmpty()) {
      return Optional.empty();
    }
    List<String> supported =
        actions.get().supported().stream().map(DeviceActions.ActionSpec::name).toList();
    if (!supported.contains(action)) {
      return Optional.of(
          Outcome.rejected(
              "no action '"
                  + action
                  + "' on this device (it accepts: "
                  + String.join(", ", supported)
                  + "); nothing was done"));
    }
    ActionResult result = actions.get().execute(action, parameters);
    return Optional.of(
        switch (result.status()) {
          case DONE -> Outcome.ok(result.message());
          case REJECTED -> Outcome.rejected(result.message());
          case REFUSED -> Outcome.failed("the device refused: " + result.message());
          case UNREACHABLE -> Outcome.failed("the device did not answer: " + result.message());
        });
  }
}
