package io.campusedge.agent.internal.command;

import io.campusedge.protos.v1.CommandStatus;

/** How one command ended, with the reason in words for whoever sent it. */
public record Outcome(CommandStatus status, String message) {

  public static Outcome ok(String message) {
    return new Outcome(CommandStatus.COMMAND_STATUS_OK, message);
  }

  /** The command is wrong (unknown device, invalid configuration); nothing was changed. */
  public static Outcome rejected(String message) {
    return new Outcome(CommandStatus.COMMAND_STATUS_REJECTED, message);
  }

  /** The command was valid but could not be carried out. */
  public static Outcome failed(String message) {
    return new Outcome(CommandStatus.COMMAND_STATUS_FAILED, message);
  }

  public boolean isOk() {
    return status == CommandStatus.COMMAND_STATUS_OK;
  }
}
