package io.campusedge.agent.internal.uplink;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.CommandStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code cmd} message into exactly one {@link CommandResult}. A command delivered twice
 * (QoS 1 allows it) is answered once.
 */
final class CommandHandler {
  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
  private static final int REMEMBERED_IDS = 256;

  /** Publishes the birth state again. */
  @FunctionalInterface
  interface Rebirth {
    void publishBirth() throws UplinkException;
  }

  private final Rebirth rebirth;
  private final Clock wall;
  private final Map<String, Boolean> answered =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_IDS;
        }
      };

  CommandHandler(Rebirth rebirth, Clock wall) {
    this.rebirth = rebirth;
    this.wall = wall;
  }

  /** The result to publish, or empty for a malformed or repeated command. */
  Optional<CommandResult> handle(byte[] payload) {
    Command command;
    try {
      command = Command.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      log.warn("Ignoring malformed command ({} bytes): {}", payload.length, e.getMessage());
      return Optional.empty();
    }
    if (command.getId().isEmpty()) {
      log.warn("Ignoring command without id ({})", command.getActionCase());
      return Optional.empty();
    }
    if (answered.put(command.getId(), Boolean.TRUE) != null) {
      log.debug("Command {} already answered", command.getId());
      return Optional.empty();
    }
    return Optional.of(execute(command));
  }

  private CommandResult execute(Command command) {
    long now = wall.millis();
    if (command.getExpiresTimeMs() != 0 && now > command.getExpiresTimeMs()) {
      return result(command, CommandStatus.COMMAND_STATUS_EXPIRED, "expired before it arrived");
    }
    if (command.getActionCase() != Command.ActionCase.REBIRTH) {
      return result(
          command,
          CommandStatus.COMMAND_STATUS_UNSUPPORTED,
          "this gateway does not support " + command.getActionCase() + " yet");
    }
    try {
      rebirth.publishBirth();
      log.info("Rebirth published for command {}", command.getId());
      return result(command, CommandStatus.COMMAND_STATUS_OK, "");
    } catch (UplinkException e) {
      return result(command, CommandStatus.COMMAND_STATUS_FAILED, e.getMessage());
    }
  }

  private CommandResult result(Command command, CommandStatus status, String message) {
    return CommandResult.newBuilder()
        .setCommandId(command.getId())
        .setStatus(status)
        .setMessage(message)
        .setTimeMs(wall.millis())
        .build();
  }
}
