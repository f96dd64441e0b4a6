package io.campusedge.agent.internal.command;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.campusedge.agent.internal.uplink.CommandExecutor;
import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.RestartDevice;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every {@code cmd} message with exactly one {@link CommandResult}. A command delivered
 * again (QoS 1 allows it, a hub may retry) gets its first result again and is not applied twice;
 * the last {@value #REMEMBERED_IDS} ids are remembered. A payload that is not a command, a command
 * without id and a command of a type this agent does not know are REJECTED with the reason.
 */
public final class CommandHandler implements CommandExecutor {
  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
  static final int REMEMBERED_IDS = 1024;

  /** Publishes the retained state again. */
  @FunctionalInterface
  public interface Rebirth {
    void publishState() throws Exception;
  }

  private final Clock wall;
  private final Rebirth rebirth;
  private final DeviceControl devices;
  private final ConfigChanges config;
  private final UpdateOffers updates;
  private final Map<String, CommandResult> answered =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CommandResult> eldest) {
          return size() > REMEMBERED_IDS;
        }
      };

  public CommandHandler(
      Clock wall, Rebirth rebirth, DeviceControl devices, ConfigChanges configChanges) {
    this(wall, rebirth, devices, configChanges, UpdateOffers.NONE);
  }

  public CommandHandler(
      Clock wall,
      Rebirth rebirth,
      DeviceControl devices,
      ConfigChanges configChanges,
      UpdateOffers updates) {
    this.wall = wall;
    this.rebirth = rebirth;
    this.devices = devices;
    this.config = configChanges;
    this.updates = updates;
  }

  @Override
  public synchronized CommandResult execute(byte[] payload) {
    Command command;
    try {
      command = Command.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      String id = idOf(payload);
      log.warn("Malformed command {} ({} bytes): {}", id, payload.length, e.getMessage());
      return remember(
          id,
          result(
              id,
              Outcome.rejected(
                  "malformed command: not a campusedge.v1.Command (" + e.getMessage() + ")")));
    }
    String id = command.getId();
    if (id.isEmpty()) {
      log.warn("Command without id ({}) rejected", command.getActionCase());
      return result("", Outcome.rejected("malformed command: it has no id"));
    }
    CommandResult first = answered.get(id);
    if (first != null) {
      log.info("Command {} arrived again; answering with its first result", id);
      return first;
    }
    CommandResult result = result(id, run(command));
    log.info(
        "Command {} ({}): {} {}",
        id,
        command.getActionCase(),
        result.getStatus(),
        result.getMessage());
    return remember(id, result);
  }

  private CommandResult remember(String id, CommandResult result) {
    if (!id.isEmpty()) {
      CommandResult first = answered.putIfAbsent(id, result);
      return first == null ? result : first;
    }
    return result;
  }

  private Outcome run(Command command) {
    if (command.getExpiresTimeMs() != 0 && wall.millis() > command.getExpiresTimeMs()) {
      return new Outcome(
          CommandStatus.COMMAND_STATUS_EXPIRED, "expired before it arrived; nothing was done");
    }
    try {
      return switch (command.getActionCase()) {
        case REBIRTH -> publishState();
        case CONFIG_CHANGE -> changeConfig(command);
        case RESTART_DEVICE -> restart(command.getRestartDevice());
        case DEVICE_ACTION ->
            devices.action(
                command.getDeviceAction().getDeviceId(),
                command.getDeviceAction().getAction(),
                command.getDeviceAction().getParametersMap());
        case UPDATE_OFFER -> updates.offer(command.getUpdateOffer());
        case ACTION_NOT_SET ->
            Outcome.rejected(
                "unknown command type (none this agent version knows); nothing was done");
      };
    } catch (RuntimeException e) {
      log.error("Command {} failed", command.getId(), e);
      return Outcome.failed("the gateway failed while doing it: " + e);
    }
  }

  private Outcome publishState() {
    try {
      rebirth.publishState();
      return Outcome.ok("state published again");
    } catch (Exception e) {
      return Outcome.failed("could not publish the state: " + e.getMessage());
    }
  }

  private Outcome changeConfig(Command command) {
    Outcome outcome = config.apply(command.getConfigChange());
    if (outcome.isOk()) {
      // The device inventory changed: let the hub see it now rather than at the next heartbeat.
      try {
        rebirth.publishState();
      } catch (Exception e) {
        log.warn(
            "New inventory not published yet (sent with the next heartbeat): {}", e.toString());
      }
    }
    return outcome;
  }

  private Outcome restart(RestartDevice restart) {
    if (restart.getDeviceId().isEmpty()) {
      return Outcome.rejected("restart_device needs a device_id");
    }
    return devices.restart(restart.getDeviceId());
  }

  private CommandResult result(String id, Outcome outcome) {
    return CommandResult.newBuilder()
        .setCommandId(id)
        .setStatus(outcome.status())
        .setMessage(outcome.message())
        .setTimeMs(wall.millis())
        .build();
  }

  /** The id of a payload that does not parse as a whole, if its field 1 can still be read. */
  static String idOf(byte[] payload) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(payload);
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          return "";
        }
        if (tag == ((Command.ID_FIELD_NUMBER << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          return in.readStringRequireUtf8();
        }
        if (!in.skipField(tag)) {
          return "";
        }
      }
    } catch (IOException e) {
      return "";
    }
  }
}
