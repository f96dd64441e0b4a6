package io.campusedge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.campusedge.agent.internal.doctor.Check;
import io.campusedge.agent.internal.doctor.Doctor;
import io.campusedge.agent.internal.doctor.DoctorEnvironment;
import io.campusedge.drivers.api.DriverRegistry;
import io.campusedge.drivers.bus.pi4j.Pi4jBuses;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doctor}: checks everything the agent needs, one line per check with the fix. */
@Command(
    name = "doctor",
    description = {
      "Check the configuration, device files and groups, each device, the broker, the clock,"
          + " the disk, the outbox and the secret files; print the fix for each problem.",
      "Exit code: 0 no FAIL (WARN allowed), 1 at least one FAIL, 2 wrong arguments."
    })
final class DoctorCommand implements Callable<Integer> {
  static final int ALL_OK = 0;
  static final int FAILED = 1;

  @Option(
      names = "--config",
      defaultValue = "/etc/campusedge/agent.yaml",
      description = "agent.yaml (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--user",
      description =
          "Check device files and secrets for this user (default: the current user; campusedge"
              + " when run as root).")
  String user;

  @Option(names = "--json", description = "Print a JSON array of {check, status, detail, fix}.")
  boolean json;

  @Spec CommandLine.Model.CommandSpec spec;

  private final Function<String, DoctorEnvironment> environments;

  DoctorCommand() {
    this(name -> DoctorEnvironment.system(name, Pi4jBuses::create));
  }

  DoctorCommand(Function<String, DoctorEnvironment> environments) {
    this.environments = environments;
  }

  @Override
  public Integer call() {
    DoctorEnvironment env = environments.apply(user == null ? defaultUser() : user);
    List<Check> checks = new Doctor(DriverRegistry.load(), env).run(config);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      try {
        out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(checks.stream().map(DoctorCommand::asJson).toList()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      checks.forEach(c -> out.println(c.line()));
      long fails = checks.stream().filter(c -> c.status() == Check.Status.FAIL).count();
      long warns = checks.stream().filter(c -> c.status() == Check.Status.WARN).count();
      out.printf("%d check(s): %d FAIL, %d WARN%n", checks.size(), fails, warns);
    }
    out.flush();
    return checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL) ? FAILED : ALL_OK;
  }

  private static java.util.Map<String, String> asJson(Check c) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("check", c.check());
    m.put("status", c.status().name());
    m.put("detail", c.detail());
    m.put("fix", c.fix());
    return m;
  }

  /** A technician runs it with sudo; the agent runs as campusedge, so check for that user. */
  private static String defaultUser() {
    String current = System.getProperty("user.name", "root");
    if (current.equals("root")
        && java.nio.file.Files.exists(Path.of("/etc/campusedge"))
        && !DoctorEnvironmentGroups.userMissing("campusedge")) {
      return "campusedge";
    }
    return current;
  }

  /** Whether /etc/passwd lacks {@code name}. */
  private static final class DoctorEnvironmentGroups {
    static boolean userMissing(String name) {
      try {
        return java.nio.file.Files.readAllLines(Path.of("/etc/passwd")).stream()
            .noneMatch(l -> l.startsWith(name + ":"));
      } catch (java.io.IOException e) {
        return true;
      }
    }
  }
}
