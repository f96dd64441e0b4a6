package io.campusedge.drivers.api;

import java.util.List;
import java.util.Map;

/**
 * What a hub command can make a device do (e.g. a projector: power off, choose an input, mute). The
 * agent's command dispatch looks it up with {@link DeviceDriver#actions()} and calls {@link
 * #execute} from its own thread; drivers serialise it with their polls. {@code execute} never
 * throws for device trouble: an unknown action, a bad argument, an unreachable or refusing device
 * each come back as an {@link ActionResult} whose message a technician understands.
 */
public interface DeviceActions {

  /** The actions this device understands, with the arguments each takes. */
  List<ActionSpec> supported();

  /** Runs {@code action} once with {@code args} (names and values as the hub sent them). */
  ActionResult execute(String action, Map<String, String> args);

  /**
   * One action: its name ({@code "power-off"}), what it does, and its arguments by name, each with
   * a short description of the values it accepts.
   */
  record ActionSpec(String name, String description, Map<String, String> arguments) {
    public ActionSpec {
      arguments = Map.copyOf(arguments);
    }
  }
}
