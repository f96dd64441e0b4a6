package io.campusedge.simulators.fleet;

import io.campusedge.simulators.chaos.DurationText;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./campusedge-bench fleet}: virtual gateways against a hub that is already running. The
 * gateways are enrolled through the hub's API with an administrator's login, then run in one mode.
 */
@Command(
    name = "campusedge-bench fleet",
    mixinStandardHelpOptions = true,
    description = "Enroll virtual gateways at a running hub and drive them; prints a FleetReport.")
public final class FleetMain implements Callable<Integer> {
  @Option(names = "--hub", required = true, description = "Hub HTTP URL, e.g. http://hub:8080")
  URI hub;

  @Option(names = "--broker", required = true, description = "Broker URL, e.g. tcp://hub:1883")
  String broker;

  @Option(names = "--site", required = true, description = "School code the gateways belong to.")
  String site;

  @Option(names = "--admin-user", defaultValue = "admin", description = "Who enrolls them.")
  String adminUser;

  @Option(
      names = "--admin-password-env",
      defaultValue = "CAMPUSEDGE_ADMIN_PASSWORD",
      description = "Environment variable holding the administrator's password.")
  String adminPasswordEnv;

  @Option(names = "--gateways", defaultValue = "100", description = "Virtual gateways.")
  int gateways;

  @Option(names = "--prefix", defaultValue = "fleet", description = "Gateway ids: PREFIX-0001…")
  String prefix;

  @Option(names = "--mode", defaultValue = "PACED", description = "PACED, FLOOD or RAW.")
  FleetMode mode;

  @Option(names = "--duration", defaultValue = "60s", description = "How long to send.")
  String duration;

  @Option(names = "--poll-interval", defaultValue = "10s", description = "PACED poll interval.")
  String pollInterval;

  @Option(names = "--batch", defaultValue = "6", description = "Records per batch.")
  int batch;

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "campusedge-bench-logback.xml");
    System.exit(new CommandLine(new FleetMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String password = System.getenv(adminPasswordEnv);
    if (password == null || password.isEmpty()) {
      System.err.println("Set " + adminPasswordEnv + " to the password of " + adminUser + ".");
      return 2;
    }
    List<GatewayCredentials> enrolled =
        HubEnrollment.login(hub, adminUser, password).enrollMany(site, prefix, gateways, 4);
    Fleet.Settings settings =
        Fleet.Settings.defaults()
            .withReadingsPerBatch(batch)
            .withPollInterval(DurationText.parse(pollInterval));
    try (Fleet fleet = new Fleet(broker, enrolled, settings)) {
      int connected = fleet.connect(java.time.Duration.ofMinutes(5));
      System.out.printf("%d of %d gateways connected%n", connected, gateways);
      FleetReport report =
          fleet.run(mode, DurationText.parse(duration), java.time.Duration.ofSeconds(30));
      System.out.println(report);
      return report.errors() == 0 ? 0 : 1;
    }
  }
}
