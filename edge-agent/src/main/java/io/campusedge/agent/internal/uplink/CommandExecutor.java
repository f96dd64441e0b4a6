package io.campusedge.agent.internal.uplink;

import io.campusedge.protos.v1.CommandResult;

/** Turns the payload of one {@code cmd} message into the one result the hub gets for it. */
@FunctionalInterface
public interface CommandExecutor {
  /** Never throws; a malformed or unknown command gets a REJECTED result. */
  CommandResult execute(byte[] payload);
}
