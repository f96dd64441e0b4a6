package io.campusedge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.internal.health.HealthReport;
import io.campusedge.agent.internal.status.StatusServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code campusedge-agent status} against a real status page. */
class StatusCommandTest {
  private StatusServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String serve(HealthReport report) {
    server =
        StatusServer.start(new InetSocketAddress("127.0.0.1", 0), () -> report, "gw-a101")
            .orElseThrow();
    return "http://127.0.0.1:" + server.address().getPort();
  }

  private static HealthReport report(List<String> problems, boolean diskFull) {
    return new HealthReport(
        "THPT-TEST",
        "gw-a101",
        "0.1.0",
        1_790_000_000_000L,
        problems.isEmpty(),
        problems,
        new HealthReport.Connection(true, "tcp://hub:1883", 2, 1234, 1.5, 60_000),
        new HealthReport.Outbox(
            7,
            12,
            3400,
            1_789_999_990_000L,
            0,
            diskFull,
            0,
            List.of(
                new HealthReport.Lane("attendance", 1, 100, 1_789_999_990_000L, 10_000, 0, 0, 0),
                new HealthReport.Lane("telemetry", 11, 3300, 1_789_999_995_000L, 5_000, 4, 9, 0))),
        new HealthReport.Clock(true, "ntp", "boot-1", 123_456),
        List.of(
            new HealthReport.Device(
                "a101-climate", "bme280", "A101", 10_000, true, "", 3, 1, "CRC error", 5)));
  }

  @Test
  void aHealthyAgentExitsWithZeroAndSaysWhatItSees() {
    Run run = status("--url", serve(report(List.of(), false)));

    assertThat(run.exitCode).isEqualTo(StatusCommand.HEALTHY);
    assertThat(run.out)
        .contains("Gateway gw-a101 of THPT-TEST: OK")
        .contains("connected to tcp://hub:1883, 2 reconnects, 1234 records sent")
        .contains("12 records waiting")
        .contains("telemetry")
        .contains("evicted 4, dropped (disk full) 9")
        .contains("a101-climate")
        .contains("synchronised (ntp)");
  }

  @Test
  void aDegradedAgentExitsWithOneAndListsItsProblems() {
    Run run = status("--url", serve(report(List.of("Disk full since 08:00"), true)));

    assertThat(run.exitCode).isEqualTo(StatusCommand.DEGRADED);
    assertThat(run.out)
        .contains("NEEDS ATTENTION")
        .contains("! Disk full since 08:00")
        .contains("DISK FULL");
  }

  @Test
  void jsonIsPrintedAsTheAgentGivesIt() {
    Run run = status("--json", "--url", serve(report(List.of("x"), false)) + "/");

    assertThat(run.exitCode).isEqualTo(StatusCommand.DEGRADED);
    assertThat(run.out.strip()).startsWith("{").endsWith("}").contains("\"healthy\" : false");
  }

  @Test
  void anAgentThatIsNotRunningExitsWithThree() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    Run run = status("--url", "http://127.0.0.1:" + closedPort);

    assertThat(run.exitCode).isEqualTo(StatusCommand.NOT_RUNNING);
    assertThat(run.err).contains("does not answer").contains("Is it running?");
    assertThat(run.out).isEmpty();
  }

  private static Run status(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new AgentCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 1];
    full[0] = "status";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = cli.execute(full);
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
