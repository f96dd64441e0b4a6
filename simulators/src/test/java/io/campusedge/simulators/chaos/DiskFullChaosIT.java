package io.campusedge.simulators.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.campusedge.agent.internal.outbox.Lane;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk under a gateway's outbox: its data folder on a small tmpfs that a filler file
 * fills until the kernel answers ENOSPC. The gateway keeps running and keeps every card tap (held
 * in memory, written when space returns), drops and counts readings, and its state makes the hub
 * raise the disk-full alert. Mounting needs root; elsewhere the test is skipped with the reason,
 * except on CI ({@code CI=true}), where it fails.
 */
class DiskFullChaosIT {
  private static final String SCENARIO =
      """
      scenario  full SD card
      gateway   gw-lab in-process 256 disk 4096
      run        2s
      fill-disk  gw-lab
      run        3s
      free-disk  gw-lab
      run        2s
      """;

  @TempDir Path dir;

  @Test
  void theGatewayKeepsItsCardTapsThroughAFullDiskAndTellsTheHub() throws Exception {
    ChaosScenario scenario = ChaosScenario.parse("DiskFullChaosIT", SCENARIO);

    ChaosReport report;
    try {
      report = new ChaosRunner(dir, Duration.ofSeconds(30)).run(scenario);
    } catch (ChaosPrerequisiteException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI must be able to mount a tmpfs (run as root): " + e.getMessage());
      }
      assumeTrue(false, e.getMessage());
      return;
    }

    String table = report.table();
    ChaosReport.Row attendance = report.total(Lane.ATTENDANCE);
    assertThat(attendance.sent()).as(table).isPositive();
    assertThat(attendance.stored()).as(table).isEqualTo(attendance.sent());
    assertThat(attendance.lost()).as(table).isZero();
    assertThat(report.notes())
        .as(table)
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith("gw-lab: disk full (ENOSPC on its tmpfs)")
                    .containsPattern(
                        "dropped and counted by the outbox attendance 0, events 0,"
                            + " telemetry [1-9]")
                    .containsPattern("held in memory .* attendance [1-9]"));
    assertThat(report.checks())
        .as(table)
        .anySatisfy(c -> assertThat(c.what()).contains("told the hub of the full disk"))
        .anySatisfy(c -> assertThat(c.what()).contains("every record handed to the outbox"))
        .allSatisfy(c -> assertThat(c.ok()).as(table).isTrue());
    assertThat(report.lost()).as(table).isZero();
    assertThat(report.passed()).as(table).isTrue();
  }
}
