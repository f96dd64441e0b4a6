package io.campusedge.agent.internal.command;

import io.campusedge.protos.v1.ConfigChange;

/** Validates, persists and applies a configuration change. */
@FunctionalInterface
public interface ConfigChanges {
  Outcome apply(ConfigChange change);

  ConfigChanges NONE =
      change ->
          Outcome.rejected(
              "this agent was started without a configuration file, so a change could not"
                  + " survive a restart; nothing was changed");
}
