package io.campusedge.simulators.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./campusedge-bench chaos FILE}: runs a scenario file and prints its report. */
@Command(
    name = "campusedge-bench chaos",
    mixinStandardHelpOptions = true,
    description =
        "Run a chaos scenario against the real hub and agents; exit 1 if anything was lost or"
            + " stored twice, 2 if the machine cannot run it (e.g. no root for a small disk).")
public final class ChaosMain implements Callable<Integer> {
  @Parameters(index = "0", description = "Scenario file (see simulators/README.md).")
  Path scenario;

  @Option(names = "--work-dir", description = "Scratch folder (default: a temp folder).")
  Path workDir;

  @Option(
      names = "--patience",
      defaultValue = "120s",
      description = "How long draining a gateway may take.")
  String patience;

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "campusedge-bench-logback.xml");
    System.exit(new CommandLine(new ChaosMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ChaosScenario parsed = ChaosScenario.read(scenario);
    Path dir = workDir != null ? workDir : Files.createTempDirectory("campusedge-chaos");
    ChaosReport report;
    try {
      report = new ChaosRunner(dir, DurationText.parse(patience)).run(parsed);
    } catch (ChaosPrerequisiteException e) {
      System.err.println("The scenario cannot run on this machine: " + e.getMessage());
      return 2;
    }
    System.out.println(report.table());
    return report.passed() ? 0 : 1;
  }
}
