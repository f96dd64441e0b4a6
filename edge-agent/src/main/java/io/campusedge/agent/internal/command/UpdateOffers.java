package io.campusedge.agent.internal.command;

import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.UpdateOffer;

/** Installs a signed update offered by the hub (see internal/update). */
@FunctionalInterface
public interface UpdateOffers {
  /** For agents not started by {@code campusedge-agent run} (embedded, tests, the demo). */
  UpdateOffers NONE =
      offer ->
          new Outcome(
              CommandStatus.COMMAND_STATUS_UNSUPPORTED,
              "this agent was not started by 'campusedge-agent run' and cannot install updates;"
                  + " nothing was done");

  Outcome offer(UpdateOffer offer);
}
