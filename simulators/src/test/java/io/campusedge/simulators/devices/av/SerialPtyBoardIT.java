package io.campusedge.simulators.devices.av;

import static io.campusedge.simulators.devices.av.AvHarness.bad;
import static io.campusedge.simulators.devices.av.AvHarness.good;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.campusedge.drivers.api.ActionResult;
import io.campusedge.protos.v1.Reading;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The display-board driver's serial path for real: jSerialComm opens one end of a pseudo-terminal
 * pair made by {@code socat -d -d pty,raw,echo=0 pty,raw,echo=0}, and the board simulator serves
 * the other end, so every byte goes through the kernel's tty layer as it would through a USB serial
 * adapter (minus the wire). Needs socat: a CI run ({@code CI=true}) fails without it, a developer
 * run skips with the reason.
 */
class SerialPtyBoardIT {
  private static final Pattern PTY = Pattern.compile("PTY is (/dev/\\S+)");

  private Process socat;
  private final List<String> ptys = new ArrayList<>();
  private TcpDeviceServer sim;
  private AvHarness harness;

  @BeforeEach
  void ptyPair() throws Exception {
    Path socatBinary = findSocat();
    socat =
        new ProcessBuilder(socatBinary.toString(), "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0")
            .redirectErrorStream(true)
            .start();
    BufferedReader log =
        new BufferedReader(new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String line;
    while (ptys.size() < 2 && System.nanoTime() < deadline && (line = log.readLine()) != null) {
      Matcher m = PTY.matcher(line);
      if (m.find()) {
        ptys.add(m.group(1));
      }
    }
    assertThat(ptys).as("socat announced two ptys").hasSize(2);
    // Keep reading socat's log so it never blocks on a full pipe.
    Thread drain =
        new Thread(
            () -> {
              try {
                while (log.readLine() != null) {
                  // discard
                }
              } catch (IOException e) {
                // socat ended
              }
            },
            "socat-log");
    drain.setDaemon(true);
    drain.start();
  }

  /** socat on the PATH; its absence fails a CI run and skips a developer's. */
  static Path findSocat() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "socat");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String why =
        "socat is not installed, so no pseudo-terminal pair can be made for the serial board test"
            + " (apt-get install socat)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why + "; CI=true, so this is a failure, not a skip");
    }
    Assumptions.abort(why);
    throw new AssertionError("unreachable");
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
    if (sim != null) {
      sim.close();
    }
    if (socat != null) {
      socat.destroy();
      socat.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private void driverOnPty(String profile, TcpDeviceServer board) throws Exception {
    sim = board;
    board.serveSerial(Path.of(ptys.get(1)));
    harness =
        new AvHarness(
            "display-board",
            Map.of(
                "profile", profile, "serialPort", ptys.get(0), "displayId", 7, "timeout", "500ms"));
  }

  @Test
  void smartBoardOverAPty() throws Exception {
    SmartBoardSim smart = new SmartBoardSim();
    driverOnPty("smart-mx", smart);

    Map<String, Reading> standby = harness.poll();
    assertThat(good(standby.get("power_state"))).as(standby.toString()).isTrue();
    assertThat(standby.get("power_state").getStringValue()).isEqualTo("standby");
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isTrue();

    ActionResult on = harness.actions().execute("power-on", Map.of());
    assertThat(on.done()).as(on.message()).isTrue();
    assertThat(harness.actions().execute("input", Map.of("input", "hdmi2")).done()).isTrue();
    Map<String, Reading> lit = harness.poll();
    assertThat(lit.get("power_state").getStringValue()).isEqualTo("on");
    assertThat(lit.get("input").getStringValue()).isEqualTo("hdmi2");
    assertThat(smart.input()).isEqualTo("HDMI2");

    // Garbage on the line is a BAD reading; the driver reopens the port and reads again.
    smart.fault(BoardFault.GARBAGE);
    assertThat(bad(harness.poll().get("power_state"))).isTrue();
    assertThat(good(harness.poll().get("power_state"))).isTrue();
  }

  @Test
  void samsungMdcOverAPty() throws Exception {
    SamsungMdcSim mdc = new SamsungMdcSim(7);
    driverOnPty("samsung-mdc", mdc);

    assertThat(harness.poll().get("power_state").getStringValue()).isEqualTo("standby");
    mdc.pressPower(true);
    Map<String, Reading> on = harness.poll();
    assertThat(on.get("power_state").getStringValue()).isEqualTo("on");
    assertThat(on.get("input").getStringValue()).isEqualTo("hdmi1");
    ActionResult mute = harness.actions().execute("mute", Map.of("state", "on"));
    assertThat(mute.done()).as(mute.message()).isTrue();
    assertThat(mdc.mute()).isEqualTo(1);

    mdc.fault(BoardFault.BAD_CHECKSUM);
    Reading badChecksum = harness.poll().get("power_state");
    assertThat(bad(badChecksum)).isTrue();
    assertThat(badChecksum.getQualityReason()).contains("checksum");
    assertThat(good(harness.poll().get("power_state"))).isTrue();
  }

  @Test
  void aSilentLineIsUnreachableWithTheSerialPortNamed() throws Exception {
    // Nobody serves the other end: the port opens, the board never answers.
    harness =
        new AvHarness(
            "display-board",
            Map.of("profile", "smart-mx", "serialPort", ptys.get(0), "timeout", "300ms"));
    Reading power = harness.poll().get("power_state");
    assertThat(bad(power)).isTrue();
    assertThat(harness.lastStatus().orElseThrow().getReachable()).isFalse();
    assertThat(harness.lastStatus().orElseThrow().getError()).contains("serial " + ptys.get(0));
  }
}
