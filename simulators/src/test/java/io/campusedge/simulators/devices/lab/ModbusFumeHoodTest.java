package io.campusedge.simulators.devices.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The real {@code modbus-tcp} driver against the fume hood simulator over TCP on loopback. */
class ModbusFumeHoodTest {
  private static final List<String> METRICS =
      List.of(
          "exhaust_temperature",
          "face_velocity",
          "face_velocity_setpoint",
          "fan",
          "low_flow_alarm",
          "sash_opening");
  private FumeHoodSim sim;
  private LabHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  /** The register map of docs/config/agent-modbus.yaml. */
  static List<Map<String, Object>> hoodRegisters() {
    return FumeHoodSim.registerMap();
  }

  private LabHarness start(String wordOrder, List<Map<String, Object>> registers) throws Exception {
    sim = new FumeHoodSim(1, wordOrder.equals("big"));
    sim.start(0);
    harness =
        new LabHarness(
            "modbus-tcp",
            Map.of(
                "host",
                "127.0.0.1",
                "port",
                sim.port(),
                "unitId",
                1,
                "timeout",
                "300ms",
                "wordOrder",
                wordOrder,
                "registers",
                registers));
    return harness;
  }

  private static void allGood(Map<String, Reading> poll) {
    assertThat(poll.keySet()).containsExactlyElementsOf(METRICS);
    assertThat(poll.values()).allMatch(r -> r.getQuality() == Quality.QUALITY_GOOD);
  }

  private static void allBad(Map<String, Reading> poll, String reason) {
    assertThat(poll.keySet()).containsExactlyElementsOf(METRICS);
    assertThat(poll.values())
        .allSatisfy(
            r -> {
              assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_BAD);
              assertThat(r.getQualityReason()).contains(reason);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"big", "little"})
  void readsEveryTableWithTypesScalingAndWordOrder(String wordOrder) throws Exception {
    start(wordOrder, hoodRegisters());
    Map<String, Reading> r = harness.poll();
    allGood(r);
    assertThat(r.get("face_velocity").getDoubleValue()).isEqualTo(0.5);
    assertThat(r.get("face_velocity").getUnit()).isEqualTo("m/s");
    assertThat(r.get("sash_opening").getDoubleValue()).isCloseTo(30.0, within());
    assertThat(r.get("exhaust_temperature").getDoubleValue()).isCloseTo(24.5, within());
    assertThat(r.get("fan").getBoolValue()).isTrue();
    assertThat(r.get("low_flow_alarm").getBoolValue()).isFalse();
    assertThat(r.get("face_velocity_setpoint").getDoubleValue()).isCloseTo(0.5, within());
    assertThat(harness.lastStatus().getReachable()).isTrue();

    sim.temperature(-3.2);
    assertThat(harness.poll().get("exhaust_temperature").getDoubleValue())
        .isCloseTo(-3.2, within());
  }

  @Test
  void wrongWordOrderIsVisibleInTheValue() throws Exception {
    start("big", hoodRegisters());
    harness.close();
    harness =
        new LabHarness(
            "modbus-tcp",
            Map.of(
                "host",
                "127.0.0.1",
                "port",
                sim.port(),
                "timeout",
                "300ms",
                "wordOrder",
                "little",
                "registers",
                hoodRegisters()));
    // 0.5f is 0x3F00 0x0000; read low word first it becomes 0x0000 3F00, a denormal near 0
    assertThat(harness.poll().get("face_velocity").getDoubleValue()).isLessThan(1e-30);
  }

  @Test
  void actionsSwitchTheFanAndWriteTheSetPoint() throws Exception {
    start("big", hoodRegisters());
    assertThat(harness.actions().supported())
        .extracting(a -> a.name())
        .containsExactly("fan-on", "fan-off", "set-coil", "set-register");

    assertThat(harness.actions().execute("fan-off", Map.of()).status())
        .isEqualTo(ActionResult.Status.DONE);
    assertThat(sim.fanOn()).isFalse();
    Map<String, Reading> off = harness.poll();
    assertThat(off.get("fan").getBoolValue()).isFalse();
    assertThat(off.get("face_velocity").getDoubleValue()).isEqualTo(0.0);
    assertThat(off.get("low_flow_alarm").getBoolValue()).isTrue();

    assertThat(harness.actions().execute("set-coil", Map.of("register", "fan", "state", "on")))
        .isEqualTo(ActionResult.done("fan switched on"));
    ActionResult set =
        harness
            .actions()
            .execute("set-register", Map.of("register", "face_velocity_setpoint", "value", "0.8"));
    assertThat(set.status()).isEqualTo(ActionResult.Status.DONE);
    assertThat(sim.holding(FumeHoodSim.SET_POINT)).contains(80);
    assertThat(harness.poll().get("face_velocity").getDoubleValue()).isCloseTo(0.8, within());
  }

  @Test
  void refusedAndImpossibleActionsSayWhy() throws Exception {
    start("big", hoodRegisters());
    ActionResult tooFast =
        harness
            .actions()
            .execute("set-register", Map.of("register", "face_velocity_setpoint", "value", "1.5"));
    assertThat(tooFast.status()).isEqualTo(ActionResult.Status.REJECTED);
    assertThat(tooFast.message()).contains("exception 03 ILLEGAL DATA VALUE");
    assertThat(sim.holding(FumeHoodSim.SET_POINT)).contains(50);

    int before = sim.requestCount();
    assertThat(
            harness
                .actions()
                .execute(
                    "set-register", Map.of("register", "face_velocity_setpoint", "value", "900"))
                .message())
        .contains("does not fit a uint16");
    assertThat(
            harness
                .actions()
                .execute("set-register", Map.of("register", "face_velocity", "value", "1"))
                .status())
        .isEqualTo(ActionResult.Status.REJECTED);
    assertThat(harness.actions().execute("open-sash", Map.of()).message())
        .contains("unknown action 'open-sash'", "fan-on");
    assertThat(sim.requestCount()).isEqualTo(before);

    sim.fault(new ModbusFault.ExceptionReply(0x04));
    ActionResult failing = harness.actions().execute("fan-off", Map.of());
    assertThat(failing.status()).isEqualTo(ActionResult.Status.REFUSED);
    assertThat(failing.message()).contains("exception 04 SERVER DEVICE FAILURE");

    sim.stop();
    assertThat(harness.actions().execute("fan-off", Map.of()).status())
        .isEqualTo(ActionResult.Status.UNREACHABLE);
  }

  @ParameterizedTest
  @CsvSource({
    "01, ILLEGAL FUNCTION",
    "02, ILLEGAL DATA ADDRESS",
    "03, ILLEGAL DATA VALUE",
    "04, SERVER DEVICE FAILURE",
    "0B, GATEWAY TARGET DEVICE FAILED TO RESPOND"
  })
  void exceptionResponseMakesThatPointBadAndTheRestGood(String code, String name) throws Exception {
    start("big", hoodRegisters());
    harness.poll();
    sim.fault(new ModbusFault.ExceptionReply(Integer.parseInt(code, 16)));
    Map<String, Reading> r = harness.poll();
    // the first configured point gets the exception
    Reading hit = r.get("face_velocity");
    assertThat(hit.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(hit.getQualityReason())
        .contains("input register 0 answered exception " + code + " " + name);
    assertThat(r.entrySet())
        .filteredOn(e -> !e.getKey().equals("face_velocity"))
        .allMatch(e -> e.getValue().getQuality() == Quality.QUALITY_GOOD);
    assertThat(harness.statuses).hasSize(1);
    assertThat(harness.lastStatus().getReachable()).isTrue();
  }

  @Test
  void registerTheDeviceDoesNotHaveIsIllegalDataAddress() throws Exception {
    List<Map<String, Object>> registers = new java.util.ArrayList<>(hoodRegisters());
    registers.add(Map.of("name", "filter_pressure", "table", "holding", "address", 99));
    start("big", registers);
    Reading missing = harness.poll().get("filter_pressure");
    assertThat(missing.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(missing.getQualityReason())
        .contains("holding register 99 answered exception 02 ILLEGAL DATA ADDRESS");
  }

  @Test
  void serverClosingInTheMiddleOfTheReplyIsBadThenRecovers() throws Exception {
    start("big", hoodRegisters());
    allGood(harness.poll());
    sim.fault(new ModbusFault.CloseMidReply());
    allBad(harness.poll(), "connection closed in the middle of the reply");
    assertThat(harness.lastStatus().getReachable()).isFalse();
    allGood(harness.poll());
    assertThat(harness.lastStatus().getReachable()).isTrue();
  }

  @Test
  void silentServerTimesOutThenRecovers() throws Exception {
    start("big", hoodRegisters());
    sim.fault(new ModbusFault.Silence());
    allBad(harness.poll(), "no reply header within 300ms");
    assertThat(harness.lastStatus().getReachable()).isFalse();
    allGood(harness.poll());
  }

  @Test
  void malformedMbapHeaderIsBadThenRecovers() throws Exception {
    start("big", hoodRegisters());
    sim.fault(new ModbusFault.MalformedHeader());
    allBad(harness.poll(), "malformed reply: MBAP protocol id 0001 is not 0");
    allGood(harness.poll());
  }

  @ParameterizedTest
  @CsvSource({
    "04 02 3F00, byte count 2", // float32 needs 4 data bytes
    "04 04 3F00, byte count 4 in 4 PDU bytes", // says 4, carries 2
    "03 04 3F00 0000, function 03 in reply to function 04",
    "84, empty PDU|exception response of 1 bytes"
  })
  void malformedPduIsBadWithTheBytes(String pdu, String why) throws Exception {
    start("big", hoodRegisters());
    sim.fault(new ModbusFault.RawPdu(HexFormat.of().parseHex(pdu.replace(" ", ""))));
    Map<String, Reading> r = harness.poll();
    String reason = r.get("face_velocity").getQualityReason();
    assertThat(reason).containsAnyOf(why.split("\\|"));
    assertThat(reason).contains("[" + pdu.replace(" ", "").replaceAll("(..)(?!$)", "$1 "));
    allGood(harness.poll());
  }

  @Test
  void nanFromTheDeviceIsBad() throws Exception {
    start("big", hoodRegisters());
    sim.inputFloat32(FumeHoodSim.VELOCITY, Float.NaN, true);
    Reading r = harness.poll().get("face_velocity");
    assertThat(r.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(r.getQualityReason()).contains("holds NaN");
  }

  @Test
  void connectionClosedBeforeTheReplyIsRetriedOnceOnAFreshConnection() throws Exception {
    start("big", hoodRegisters());
    allGood(harness.poll());
    sim.fault(new ModbusFault.CloseBeforeReply());
    allGood(harness.poll());
    sim.fault(new ModbusFault.CloseBeforeReply());
    sim.fault(new ModbusFault.CloseBeforeReply());
    allBad(harness.poll(), "connection closed before the reply");
  }

  @Test
  void keepsWorkingAcrossSimulatorRestarts() throws Exception {
    start("big", hoodRegisters());
    int port = sim.port();
    for (int i = 0; i < 2; i++) {
      allGood(harness.poll());
      sim.stop();
      allBad(harness.poll(), "cannot connect");
      assertThat(harness.lastStatus().getReachable()).isFalse();
      sim.start(port);
      allGood(harness.poll());
      assertThat(harness.lastStatus().getReachable()).isTrue();
    }
    assertThat(harness.statuses)
        .extracting(s -> s.getReachable())
        .containsExactly(true, false, true, false, true);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
