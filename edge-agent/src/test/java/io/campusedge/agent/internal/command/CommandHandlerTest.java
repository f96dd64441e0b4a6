package io.campusedge.agent.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.protos.v1.Command;
import io.campusedge.protos.v1.CommandResult;
import io.campusedge.protos.v1.CommandStatus;
import io.campusedge.protos.v1.ConfigChange;
import io.campusedge.protos.v1.DeviceAction;
import io.campusedge.protos.v1.DeviceChange;
import io.campusedge.protos.v1.Rebirth;
import io.campusedge.protos.v1.RestartDevice;
import io.campusedge.protos.v1.UpdateOffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
  private static final Clock NOW = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);

  private int births;
  private boolean birthFails;
  private final List<String> restarted = new ArrayList<>();
  private final List<ConfigChange> changes = new ArrayList<>();
  private Outcome configOutcome = Outcome.ok("added a101-co2");

  /** Knows one device, "a101-climate", which has no actions. */
  private final DeviceControl devices =
      new DeviceControl() {
        @Override
        public Outcome restart(String deviceId) {
          if (!deviceId.equals("a101-climate")) {
            return Outcome.rejected("no device '" + deviceId + "'");
          }
          restarted.add(deviceId);
          return Outcome.ok("device " + deviceId + " restarted");
        }

        @Override
        public Outcome action(String deviceId, String action, Map<String, String> parameters) {
          return Outcome.rejected("device " + deviceId + " has no action '" + action + "'");
        }
      };

  private final CommandHandler handler =
      new CommandHandler(
          NOW,
          () -> {
            if (birthFails) {
              throw new IllegalStateException("broker acknowledges no publishes");
            }
            births++;
          },
          devices,
          change -> {
            changes.add(change);
            return configOutcome;
          });

  private CommandResult send(Command command) {
    return handler.execute(command.toByteArray());
  }

  private static Command.Builder command(String id) {
    return Command.newBuilder().setId(id).setIssuedTimeMs(999_000);
  }

  @Test
  void rebirthIsOk() {
    CommandResult result = send(command("c-1").setRebirth(Rebirth.getDefaultInstance()).build());

    assertThat(result.getCommandId()).isEqualTo("c-1");
    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(result.getTimeMs()).isEqualTo(1_000_000);
    assertThat(births).isEqualTo(1);
  }

  @Test
  void aRebirthThatCannotBePublishedFailsWithTheReason() {
    birthFails = true;

    CommandResult result = send(command("c-1").setRebirth(Rebirth.getDefaultInstance()).build());

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_FAILED);
    assertThat(result.getMessage()).contains("broker acknowledges no publishes");
  }

  @Test
  void aDuplicateIdGetsTheFirstResultAndIsNotAppliedAgain() {
    Command restart =
        command("c-7")
            .setRestartDevice(RestartDevice.newBuilder().setDeviceId("a101-climate"))
            .build();

    CommandResult first = send(restart);
    CommandResult again = send(restart);
    // Same id, different content: still the first result, nothing done.
    CommandResult other =
        send(command("c-7").setRestartDevice(RestartDevice.newBuilder().setDeviceId("x")).build());

    assertThat(first.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(again).isEqualTo(first);
    assertThat(other).isEqualTo(first);
    assertThat(restarted).containsExactly("a101-climate");
  }

  @Test
  void restartOfAnUnknownDeviceIsRejected() {
    CommandResult result =
        send(
            command("c-2")
                .setRestartDevice(RestartDevice.newBuilder().setDeviceId("nope"))
                .build());

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.getMessage()).contains("nope");
  }

  @Test
  void unknownDeviceActionsAreRejected() {
    CommandResult result =
        send(
            command("c-3")
                .setDeviceAction(
                    DeviceAction.newBuilder()
                        .setDeviceId("a101-climate")
                        .setAction("power")
                        .putParameters("state", "off"))
                .build());

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.getMessage()).contains("no action 'power'");
  }

  @Test
  void aConfigChangeIsPassedOnAndTheNewInventoryPublished() {
    ConfigChange change =
        ConfigChange.newBuilder()
            .addDeviceChanges(DeviceChange.newBuilder().setRemoveDeviceId("a101-climate"))
            .build();

    CommandResult result = send(command("c-4").setConfigChange(change).build());

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(changes).containsExactly(change);
    assertThat(births).isEqualTo(1);
  }

  @Test
  void aRejectedConfigChangePublishesNothing() {
    configOutcome = Outcome.rejected("the new configuration is not valid");

    CommandResult result =
        send(command("c-5").setConfigChange(ConfigChange.getDefaultInstance()).build());

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.getMessage()).isEqualTo("the new configuration is not valid");
    assertThat(births).isZero();
  }

  @Test
  void garbageIsRejectedAsMalformed() {
    CommandResult result = handler.execute(new byte[] {(byte) 0xff, (byte) 0xff, 0x01});

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.getMessage()).startsWith("malformed command");
    assertThat(result.getCommandId()).isEmpty();
  }

  @Test
  void aTruncatedCommandIsRejectedUnderItsId() {
    byte[] whole =
        command("c-8")
            .setDeviceAction(DeviceAction.newBuilder().setDeviceId("a101-climate").setAction("x"))
            .build()
            .toByteArray();
    byte[] truncated = Arrays.copyOf(whole, whole.length - 3);

    CommandResult result = handler.execute(truncated);
    CommandResult again = handler.execute(truncated);

    assertThat(result.getCommandId()).isEqualTo("c-8");
    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.getMessage()).startsWith("malformed command");
    assertThat(again).isEqualTo(result);
  }

  @Test
  void aCommandWithoutIdIsRejected() {
    CommandResult result =
        send(Command.newBuilder().setRebirth(Rebirth.getDefaultInstance()).build());

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.getMessage()).contains("no id");
    assertThat(births).isZero();
  }

  @Test
  void aCommandOfAnUnknownTypeIsRejected() {
    // A newer hub's action this agent does not know parses as an unknown field: no action set.
    byte[] fromTheFuture =
        command("c-9").build().toBuilder()
            .setUnknownFields(
                com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(
                        99,
                        com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8("x"))
                            .build())
                    .build())
            .build()
            .toByteArray();

    CommandResult result = handler.execute(fromTheFuture);

    assertThat(result.getCommandId()).isEqualTo("c-9");
    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_REJECTED);
    assertThat(result.getMessage()).contains("unknown command type");
  }

  @Test
  void anExpiredCommandIsNotCarriedOut() {
    CommandResult result =
        send(
            command("c-10")
                .setExpiresTimeMs(999_999)
                .setRestartDevice(RestartDevice.newBuilder().setDeviceId("a101-climate"))
                .build());

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_EXPIRED);
    assertThat(restarted).isEmpty();
  }

  @Test
  void updatesNeedAnAgentStartedByTheLauncher() {
    CommandResult result =
        send(command("c-11").setUpdateOffer(UpdateOffer.newBuilder().setVersion("0.2.0")).build());

    assertThat(result.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_UNSUPPORTED);
  }

  @Test
  void anUpdateOfferIsAnsweredOnceByTheInstaller() {
    List<UpdateOffer> offers = new ArrayList<>();
    CommandHandler withUpdates =
        new CommandHandler(
            Clock.systemUTC(),
            () -> {},
            DeviceControl.NONE,
            ConfigChanges.NONE,
            offer -> {
              offers.add(offer);
              return Outcome.ok("installed " + offer.getVersion() + ", restarting");
            });
    byte[] payload =
        command("c-12")
            .setUpdateOffer(UpdateOffer.newBuilder().setVersion("0.2.0"))
            .build()
            .toByteArray();

    CommandResult first = withUpdates.execute(payload);
    CommandResult again = withUpdates.execute(payload);

    assertThat(first.getStatus()).isEqualTo(CommandStatus.COMMAND_STATUS_OK);
    assertThat(first.getMessage()).isEqualTo("installed 0.2.0, restarting");
    assertThat(again).isEqualTo(first);
    assertThat(offers).hasSize(1);
  }

  @Test
  void oldIdsAreForgottenBeyondTheLimit() {
    Command first =
        command("c-0")
            .setRestartDevice(RestartDevice.newBuilder().setDeviceId("a101-climate"))
            .build();
    send(first);
    for (int i = 1; i <= CommandHandler.REMEMBERED_IDS; i++) {
      send(command("r-" + i).setRebirth(Rebirth.getDefaultInstance()).build());
    }

    send(first);

    assertThat(restarted).hasSize(2);
  }
}
