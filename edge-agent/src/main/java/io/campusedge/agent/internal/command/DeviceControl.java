package io.campusedge.agent.internal.command;

import java.util.Map;

/** What commands may do to the gateway's devices. */
public interface DeviceControl {

  /** Closes the device's driver and opens it again. */
  Outcome restart(String deviceId);

  /** Runs an action the device's driver offers (e.g. a projector's power off). */
  Outcome action(String deviceId, String action, Map<String, String> parameters);

  /** For agents built without device control: every device command is refused. */
  DeviceControl NONE =
      new DeviceControl() {
        @Override
        public Outcome restart(String deviceId) {
          return Outcome.rejected("this gateway accepts no device commands");
        }

        @Override
        public Outcome action(String deviceId, String action, Map<String, String> parameters) {
          return Outcome.rejected("this gateway accepts no device commands");
        }
      };
}
