package io.campusedge.simulators.devices.av;

import static io.campusedge.simulators.devices.av.AvHarness.bad;
import static io.campusedge.simulators.devices.av.AvHarness.good;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.drivers.display.pjlink.PjlinkDiscovery;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Severity;
import io.campusedge.simulators.devices.av.PjlinkProjectorSim.Fault;
import io.campusedge.simulators.devices.av.PjlinkProjectorSim.Settings;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real PJLink driver against the PJLink projector simulator over TCP on loopback. */
class PjlinkProjectorTest {
  private static final String PASSWORD = "JBMIAProjectorLink";
  private PjlinkProjectorSim sim;
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

  private AvHarness driver(Map<String, Object> extra) throws Exception {
    Map<String, Object> params = new HashMap<>();
    params.put("host", "127.0.0.1");
    params.put("port", sim.port());
    params.put("timeout", "300ms");
    params.putAll(extra);
    harness = new AvHarness("pjlink", params);
    return harness;
  }

  private PjlinkProjectorSim start(Settings settings) throws Exception {
    sim = new PjlinkProjectorSim(settings).start();
    return sim;
  }

  @Test
  void class2ProjectorWithPasswordReportsStateInfoAndUsage() throws Exception {
    start(Settings.defaults().withPassword(PASSWORD));
    driver(Map.of("password", PASSWORD));

    Map<String, Reading> standby = harness.poll();
    assertThat(standby.get("power_state").getStringValue()).isEqualTo("standby");
    assertThat(standby.get("lamp_hours").getIntValue()).isEqualTo(1200);
    assertThat(standby.get("error_status").getStringValue()).isEqualTo("000000");
    assertThat(standby.get("model").getStringValue()).isEqualTo("SimBeam 3000");
    assertThat(standby.get("manufacturer").getStringValue()).isEqualTo("CampusEdge");
    assertThat(standby.get("pjlink_class").getIntValue()).isEqualTo(2);
    assertThat(standby.get("serial_number").getStringValue()).isEqualTo("SB3K-0001");
    assertThat(standby.get("filter_hours").getIntValue()).isEqualTo(120);
    assertThat(standby).doesNotContainKey("input");
    assertThat(standby.values()).allMatch(AvHarness::good);
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isTrue();

    sim.pressPower(true);
    Map<String, Reading> on = harness.poll();
    assertThat(on.get("power_state").getStringValue()).isEqualTo("on");
    assertThat(on.get("input").getStringValue()).isEqualTo("31");
    assertThat(on.get("input_name").getStringValue()).isEqualTo("HDMI 1");
    assertThat(on.get("input_resolution").getStringValue()).isEqualTo("1920x1080");
    assertThat(on.get("video_mute").getBoolValue()).isFalse();
    assertThat(on.get("audio_mute").getBoolValue()).isFalse();
    assertThat(on).doesNotContainKey("model"); // info is read once per connection
    assertThat(harness.eventKinds()).contains(EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED);

    harness.poll();
    assertThat(harness.poll().get("on_hours_today").getDoubleValue())
        .isEqualTo(2.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
    sim.pressPower(false);
    Map<String, Reading> off = harness.poll();
    assertThat(off.get("sessions_today").getIntValue()).isEqualTo(1);
    assertThat(off.get("on_hours_today").getDoubleValue())
        .isEqualTo(3.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(harness.eventKinds()).contains(EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED);
  }

  @Test
  void wrongPasswordIsAnAuthenticationFailureNotAnException() throws Exception {
    start(Settings.defaults().withPassword(PASSWORD));
    driver(Map.of("password", "JBMIAProjectorLinK"));

    Map<String, Reading> r = harness.poll();

    assertThat(bad(r.get("power_state"))).isTrue();
    assertThat(r.get("power_state").getQualityReason()).contains("ERRA authentication failed");
    DeviceStatus status = harness.lastStatus().orElseThrow();
    assertThat(status.getReachable()).isFalse();
    assertThat(status.getError()).contains("ERRA");
    assertThat(sim.commandCount()).isZero();
    ActionResult action = harness.actions().execute("power-on", Map.of());
    assertThat(action.status()).isEqualTo(ActionResult.Status.REFUSED);
    assertThat(sim.powerCode()).isEqualTo("0");
  }

  @Test
  void passwordFromAFileAuthenticates(@TempDir Path dir) throws Exception {
    start(Settings.defaults().withPassword(PASSWORD));
    Path file = dir.resolve("a101-projector.pass");
    Files.writeString(file, PASSWORD + "\n");
    driver(Map.of("passwordFile", file.toString()));
    Map<String, Reading> r = harness.poll();
    assertThat(r.get("power_state").getStringValue()).isEqualTo("standby");
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isTrue();
    assertThat(sim.commandCount()).isPositive();
  }

  @Test
  void missingPasswordSaysWhatToSet() throws Exception {
    start(Settings.defaults().withPassword(PASSWORD));
    driver(Map.of());
    Reading power = harness.poll().get("power_state");
    assertThat(bad(power)).isTrue();
    assertThat(power.getQualityReason()).contains("requires a PJLink password");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ERR2", "ERR3", "ERR4"})
  void errorRepliesToPowerBecomeBadReadingsWithTheCode(String code) throws Exception {
    start(Settings.defaults());
    driver(Map.of());
    sim.fault("POWR", new Fault.ErrorReply(code));

    Map<String, Reading> r = harness.poll();

    assertThat(bad(r.get("power_state"))).isTrue();
    assertThat(r.get("power_state").getQualityReason()).contains("POWR answered " + code);
    assertThat(good(r.get("lamp_hours"))).isTrue(); // the rest of the projector still reads
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isTrue();
    assertThat(good(harness.poll().get("power_state"))).isTrue();
  }

  @Test
  void err1ToPowerIsBadAndErr1ToAnOptionalQueryStopsAskingIt() throws Exception {
    start(Settings.defaults());
    driver(Map.of());
    sim.fault("POWR", new Fault.ErrorReply("ERR1"));
    sim.fault("LAMP", new Fault.ErrorReply("ERR1"));

    Map<String, Reading> first = harness.poll();
    assertThat(first.get("power_state").getQualityReason()).contains("ERR1 undefined command");
    assertThat(first).doesNotContainKey("lamp_hours");

    int before = sim.commandCount();
    Map<String, Reading> second = harness.poll();
    assertThat(good(second.get("power_state"))).isTrue();
    assertThat(second).doesNotContainKey("lamp_hours");
    // POWR, ERST, FILT: LAMP is not asked again.
    assertThat(sim.commandCount() - before).isEqualTo(3);
  }

  @Test
  void errorRepliesToOtherQueriesNameTheQuery() throws Exception {
    start(Settings.defaults());
    sim.pressPower(true);
    driver(Map.of());
    sim.fault("INPT", new Fault.ErrorReply("ERR3"));
    sim.fault("ERST", new Fault.ErrorReply("ERR4"));

    Map<String, Reading> r = harness.poll();

    assertThat(r.get("input").getQualityReason()).contains("INPT answered ERR3 unavailable time");
    assertThat(r.get("error_status").getQualityReason())
        .contains("ERST answered ERR4 projector/display failure");
    assertThat(good(r.get("power_state"))).isTrue();
  }

  @Test
  void malformedRepliesAreBadWithTheBytesAndTheDriverRecovers() throws Exception {
    start(Settings.defaults());
    driver(Map.of());
    sim.fault("POWR", new Fault.RawReply("%1POWR=7"));
    Reading wrongValue = harness.poll().get("power_state");
    assertThat(bad(wrongValue)).isTrue();
    assertThat(wrongValue.getQualityReason()).contains("malformed POWR value '7'");

    sim.fault("POWR", new Fault.RawReply("\u0001garbage%1INPT=31"));
    Reading garbage = harness.poll().get("power_state");
    assertThat(bad(garbage)).isTrue();
    assertThat(garbage.getQualityReason())
        .contains("malformed reply to POWR: '\\x01garbage%1INPT=31'");

    sim.fault("LAMP", new Fault.RawReply("%1LAMP=12x4 1"));
    Map<String, Reading> lamp = harness.poll();
    assertThat(lamp.get("lamp_hours").getQualityReason()).contains("malformed LAMP value '12x4 1'");

    assertThat(harness.poll().values()).allMatch(AvHarness::good);
  }

  @Test
  void serverClosingMidReplyIsBadAndTheNextPollReconnects() throws Exception {
    start(Settings.defaults());
    driver(Map.of());
    sim.fault("POWR", new Fault.CloseMidReply());

    Reading power = harness.poll().get("power_state");

    assertThat(bad(power)).isTrue();
    assertThat(power.getQualityReason())
        .contains("connection closed in the middle of the reply to POWR after '%1PO'");
    Map<String, Reading> next = harness.poll();
    assertThat(good(next.get("power_state"))).isTrue();
    assertThat(sim.connectionCount()).isEqualTo(2);
  }

  @Test
  void silentProjectorTimesOutAsUnreachableAndComesBack() throws Exception {
    start(Settings.defaults());
    driver(Map.of());
    harness.poll();
    sim.fault("POWR", new Fault.Silence());

    Reading power = harness.poll().get("power_state");

    assertThat(power.getQualityReason()).contains("no reply to POWR within 300ms");
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isFalse();
    assertThat(good(harness.poll().get("power_state"))).isTrue();
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isTrue();
  }

  @Test
  void keepsWorkingAcrossSimulatorRestarts() throws Exception {
    start(Settings.defaults());
    driver(Map.of());
    assertThat(good(harness.poll().get("power_state"))).isTrue();
    int port = sim.port();

    sim.stop();
    Map<String, Reading> down = harness.poll();
    assertThat(bad(down.get("power_state"))).isTrue();
    assertThat(down.get("power_state").getQualityReason()).contains("cannot connect");
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isFalse();

    sim.start(port);
    Map<String, Reading> back = harness.poll();
    assertThat(good(back.get("power_state"))).isTrue();
    assertThat(back).containsKey("model"); // info read again after the outage
    List<Boolean> reachability = harness.statuses.stream().map(DeviceStatus::getReachable).toList();
    assertThat(reachability).containsExactly(true, false, true);
  }

  @Test
  void keptConnectionClosedByTheProjectorIsOpenedAgain() throws Exception {
    start(Settings.defaults().withIdleTimeout(Duration.ofMillis(100)));
    driver(Map.of("connection", "persistent"));
    harness.poll();
    await().atMost(Duration.ofSeconds(2)).until(() -> sim.connectionCount() == 1 && idle());
    assertThat(harness.poll().values()).allMatch(AvHarness::good);
    assertThat(sim.connectionCount()).isEqualTo(2);
  }

  private boolean idle() throws InterruptedException {
    Thread.sleep(150);
    return true;
  }

  @Test
  void oneCommandPerConnectionProjector() throws Exception {
    start(Settings.defaults().withOneCommandPerConnection(true));
    driver(Map.of("connection", "per-command"));
    Map<String, Reading> r = harness.poll();
    assertThat(r.values()).allMatch(AvHarness::good);
    assertThat(sim.connectionCount()).isEqualTo(sim.commandCount());

    harness.close();
    harness = null;
    // A persistent driver against such a projector still works: it reconnects when it finds the
    // connection closed before the reply.
    driver(Map.of("connection", "persistent"));
    assertThat(harness.poll().values()).allMatch(AvHarness::good);
  }

  @Test
  void class1ProjectorIsAskedNoClass2Commands() throws Exception {
    start(Settings.defaults().withClass(1));
    sim.pressPower(true);
    driver(Map.of());
    Map<String, Reading> r = harness.poll();
    assertThat(r.get("pjlink_class").getIntValue()).isEqualTo(1);
    assertThat(r.get("input").getStringValue()).isEqualTo("31");
    assertThat(r).doesNotContainKeys("input_name", "input_resolution", "filter_hours");
    assertThat(r.values()).allMatch(AvHarness::good);
  }

  @Test
  void lampHoursTickWhileLit() throws Exception {
    start(Settings.defaults().withLamp(true, 100, 20));
    sim.pressPower(true);
    driver(Map.of());
    long first = harness.poll().get("lamp_hours").getIntValue();
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> harness.poll().get("lamp_hours").getIntValue() >= first + 2);
  }

  @Test
  void errorStatusChangesRaiseAndClearAlarms() throws Exception {
    start(Settings.defaults());
    driver(Map.of());
    harness.poll();
    sim.setErrors("020000");
    assertThat(harness.poll().get("error_status").getStringValue()).isEqualTo("020000");
    sim.setErrors("000000");
    harness.poll();
    List<EquipmentEvent> alarms =
        harness.events.stream().filter(e -> !e.getAlarmCode().isEmpty()).toList();
    assertThat(alarms).hasSize(2);
    assertThat(alarms.get(0).getKind())
        .isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED);
    assertThat(alarms.get(0).getAlarmCode()).isEqualTo("lamp");
    assertThat(alarms.get(0).getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(alarms.get(1).getKind())
        .isEqualTo(EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_CLEARED);
  }

  @Test
  void actionsPowerInputAndMute() throws Exception {
    start(Settings.defaults().withPowerDelays(Duration.ofSeconds(30), Duration.ZERO));
    driver(Map.of());
    var actions = harness.actions();
    assertThat(actions.supported())
        .extracting(s -> s.name())
        .containsExactly("power-on", "power-off", "input", "mute");

    assertThat(actions.execute("power-on", Map.of()).done()).isTrue();
    assertThat(sim.powerCode()).isEqualTo("3");
    ActionResult busy = actions.execute("power-off", Map.of());
    assertThat(busy.status()).isEqualTo(ActionResult.Status.REFUSED);
    assertThat(busy.message()).contains("ERR3 unavailable time");
    ActionResult notOn = actions.execute("input", Map.of("input", "32"));
    assertThat(notOn.status()).isEqualTo(ActionResult.Status.REFUSED);

    sim.close();
    start(Settings.defaults().withPort(0));
    harness.close();
    driver(Map.of());
    actions = harness.actions();
    assertThat(actions.execute("power-on", Map.of()).done()).isTrue();
    assertThat(actions.execute("input", Map.of("input", "32")).done()).isTrue();
    assertThat(sim.input()).isEqualTo("32");
    assertThat(actions.execute("input", Map.of("input", "3A")).done()).isTrue(); // class 2 input
    assertThat(sim.input()).isEqualTo("3A");
    ActionResult noSuchInput = actions.execute("input", Map.of("input", "39"));
    assertThat(noSuchInput.status()).isEqualTo(ActionResult.Status.REJECTED);
    assertThat(noSuchInput.message()).contains("ERR2 out of parameter");
    int before = sim.commandCount();
    assertThat(actions.execute("input", Map.of("input", "hdmi")).status())
        .isEqualTo(ActionResult.Status.REJECTED);
    assertThat(actions.execute("mute", Map.of("target", "sound")).status())
        .isEqualTo(ActionResult.Status.REJECTED);
    assertThat(actions.execute("reboot", Map.of()).status())
        .isEqualTo(ActionResult.Status.REJECTED);
    assertThat(sim.commandCount()).isEqualTo(before);
    assertThat(actions.execute("mute", Map.of("target", "video")).done()).isTrue();
    assertThat(sim.mute()).isEqualTo("11");
    assertThat(actions.execute("mute", Map.of("state", "off")).done()).isTrue();
    assertThat(sim.mute()).isEqualTo("30");
    assertThat(actions.execute("power-off", Map.of()).done()).isTrue();
    assertThat(sim.powerCode()).isEqualTo("0");

    sim.stop();
    assertThat(actions.execute("power-on", Map.of()).status())
        .isEqualTo(ActionResult.Status.UNREACHABLE);
  }

  @Test
  void class2NotificationsBetweenPollsAreNotLost() throws Exception {
    start(Settings.defaults().withUdpPort(0));
    int notifyPort;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      notifyPort = probe.getLocalPort();
    }
    driver(Map.of("notifyPort", notifyPort));
    sim.notifyTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), notifyPort));
    harness.poll();

    sim.pressPower(true); // a short use between two polls: POWR=1 then POWR=0 notifications
    sim.pressPower(false);
    sim.setErrors("000020");

    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              harness.poll();
              assertThat(harness.eventKinds())
                  .contains(
                      EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STARTED,
                      EquipmentEventKind.EQUIPMENT_EVENT_KIND_RUN_STOPPED,
                      EquipmentEventKind.EQUIPMENT_EVENT_KIND_ALARM_RAISED);
            });
    assertThat(harness.events.stream().filter(e -> e.getAlarmCode().equals("filter")).count())
        .isEqualTo(1);
  }

  @Test
  void searchFindsTheProjectorByItsAcknowledgement() throws Exception {
    start(Settings.defaults().withUdpPort(0));
    List<PjlinkDiscovery.Found> found =
        PjlinkDiscovery.search(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), sim.udpPort()),
            0,
            Duration.ofMillis(500));
    assertThat(found).extracting(PjlinkDiscovery.Found::mac).containsExactly("00:1a:2b:3c:4d:5e");
  }
}
