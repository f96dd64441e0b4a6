package io.campusedge.simulators.devices.av;

import static io.campusedge.simulators.devices.av.AvHarness.bad;
import static io.campusedge.simulators.devices.av.AvHarness.good;
import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.api.DeviceActions;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Reading;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The display-board driver with each shipped profile against the simulator of that board, over real
 * TCP: state, usage, actions, every kind of bad reply, and restarts.
 */
class BoardProfilesTest {
  private TcpDeviceServer sim;
  private AvHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  /** The simulator behind a profile, seen the same way for both. */
  private interface Board {
    void power(boolean on);

    String input();

    String mute();
  }

  private Board start(String profile) throws Exception {
    Board board;
    if (profile.equals("smart-mx")) {
      SmartBoardSim smart = new SmartBoardSim();
      sim = smart;
      board =
          new Board() {
            public void power(boolean on) {
              smart.pressPower(on);
            }

            public String input() {
              return smart.input().toLowerCase();
            }

            public String mute() {
              return smart.mute();
            }
          };
    } else {
      SamsungMdcSim mdc = new SamsungMdcSim(7);
      sim = mdc;
      board =
          new Board() {
            public void power(boolean on) {
              mdc.pressPower(on);
            }

            public String input() {
              return switch (mdc.input()) {
                case 0x21 -> "hdmi1";
                case 0x23 -> "hdmi2";
                default -> String.format("%02x", mdc.input());
              };
            }

            public String mute() {
              return mdc.mute() == 1 ? "on" : "off";
            }
          };
    }
    sim.start(0);
    harness =
        new AvHarness(
            "display-board",
            Map.of(
                "profile",
                profile,
                "host",
                "127.0.0.1",
                "port",
                sim.port(),
                "displayId",
                7,
                "timeout",
                "300ms"));
    return board;
  }

  @ParameterizedTest
  @ValueSource(strings = {"smart-mx", "samsung-mdc"})
  void powerInputAndUsage(String profile) throws Exception {
    Board board = start(profile);

    Map<String, Reading> standby = harness.poll();
    assertThat(standby.get("power_state").getStringValue()).isEqualTo("standby");
    assertThat(good(standby.get("power_state"))).isTrue();
    assertThat(standby).doesNotContainKey("input");

    board.power(true);
    Map<String, Reading> on = harness.poll();
    assertThat(on.get("power_state").getStringValue()).isEqualTo("on");
    assertThat(on.get("input").getStringValue()).isEqualTo("hdmi1");
    harness.poll();
    board.power(false);
    Map<String, Reading> off = harness.poll();
    assertThat(off.get("on_hours_today").getDoubleValue())
        .isEqualTo(2.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(off.get("sessions_today").getIntValue()).isEqualTo(1);
    assertThat(harness.eventKinds())
        .contains(
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED,
            EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED);
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"smart-mx", "samsung-mdc"})
  void actions(String profile) throws Exception {
    Board board = start(profile);
    DeviceActions actions = harness.actions();
    assertThat(actions.supported())
        .extracting(DeviceActions.ActionSpec::name)
        .containsExactly("input", "mute", "power-off", "power-on");

    ActionResult whileOff = actions.execute("input", Map.of("input", "hdmi2"));
    assertThat(whileOff.status()).isEqualTo(ActionResult.Status.REFUSED);
    assertThat(whileOff.message()).contains("board refused input");

    assertThat(actions.execute("power-on", Map.of()).done()).isTrue();
    assertThat(actions.execute("input", Map.of("input", "HDMI2")).done()).isTrue();
    assertThat(board.input()).isEqualTo("hdmi2");
    assertThat(harness.poll().get("input").getStringValue()).isEqualTo("hdmi2");
    assertThat(actions.execute("mute", Map.of("state", "on")).done()).isTrue();
    assertThat(board.mute()).isEqualTo("on");

    int before = sim.requestCount();
    ActionResult unknownInput = actions.execute("input", Map.of("input", "scart"));
    assertThat(unknownInput.status()).isEqualTo(ActionResult.Status.REJECTED);
    assertThat(unknownInput.message()).contains("input = one of").contains("hdmi2");
    assertThat(actions.execute("mute", Map.of()).status()).isEqualTo(ActionResult.Status.REJECTED);
    assertThat(actions.execute("reboot", Map.of()).status())
        .isEqualTo(ActionResult.Status.REJECTED);
    assertThat(sim.requestCount()).isEqualTo(before);

    assertThat(actions.execute("power-off", Map.of()).done()).isTrue();
    assertThat(harness.poll().get("power_state").getStringValue()).isEqualTo("standby");

    sim.stop();
    assertThat(actions.execute("power-on", Map.of()).status())
        .isEqualTo(ActionResult.Status.UNREACHABLE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"smart-mx", "samsung-mdc"})
  void garbageIsBadWithTheBytesAndTheNextPollRecovers(String profile) throws Exception {
    start(profile);
    sim.fault(BoardFault.GARBAGE);
    Reading power = harness.poll().get("power_state");
    assertThat(bad(power)).isTrue();
    assertThat(power.getQualityReason())
        .contains(
            profile.equals("smart-mx")
                ? "unexpected reply '\\x07#!xx=%%\\xfe'"
                : "unexpected frame AA 00 00 00 00");
    assertThat(good(harness.poll().get("power_state"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"smart-mx", "samsung-mdc"})
  void boardClosingMidReply(String profile) throws Exception {
    start(profile);
    sim.fault(BoardFault.CLOSE_MID_REPLY);
    Reading power = harness.poll().get("power_state");
    assertThat(bad(power)).isTrue();
    assertThat(power.getQualityReason())
        .contains(
            profile.equals("smart-mx")
                ? "connection closed in the middle of the reply after 'powersta'"
                : "connection closed in the middle of the reply after AA FF 07 03");
    assertThat(good(harness.poll().get("power_state"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"smart-mx", "samsung-mdc"})
  void refusalIsBadWithTheBoardsOwnWords(String profile) throws Exception {
    start(profile);
    sim.fault(BoardFault.REFUSE);
    Reading power = harness.poll().get("power_state");
    assertThat(power.getQualityReason())
        .contains("board refused the power query")
        .contains(profile.equals("smart-mx") ? "'invalid command'" : "error code 0x01");
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"smart-mx", "samsung-mdc"})
  void silentBoardIsUnreachableUntilItAnswers(String profile) throws Exception {
    start(profile);
    sim.fault(BoardFault.SILENCE);
    Reading power = harness.poll().get("power_state");
    assertThat(power.getQualityReason()).contains("no answer within 300ms");
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isFalse();
    assertThat(good(harness.poll().get("power_state"))).isTrue();
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isTrue();
  }

  @org.junit.jupiter.api.Test
  void wrongChecksumIsBadWithTheFrame() throws Exception {
    start("samsung-mdc");
    sim.fault(BoardFault.BAD_CHECKSUM);
    Reading power = harness.poll().get("power_state");
    // standby ack: FF+07+03+41+11+00 = 0x15B; the sim flips the low bit.
    assertThat(power.getQualityReason())
        .contains("checksum 0x5a should be 0x5b in frame AA FF 07 03 41 11 00 5A");
    assertThat(good(harness.poll().get("power_state"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"smart-mx", "samsung-mdc"})
  void keepsWorkingAcrossSimulatorRestarts(String profile) throws Exception {
    start(profile);
    assertThat(good(harness.poll().get("power_state"))).isTrue();
    int port = sim.port();
    sim.stop();
    Reading down = harness.poll().get("power_state");
    assertThat(bad(down)).as("after stop: %s, statuses %s", down, harness.statuses).isTrue();
    sim.start(port);
    assertThat(good(harness.poll().get("power_state"))).isTrue();
    List<Boolean> reachability = harness.statuses.stream().map(DeviceStatus::getReachable).toList();
    assertThat(reachability).containsExactly(true, false, true);
  }
}
