package io.campusedge.simulators.devices.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the OPC UA lab-instrument simulator until Ctrl-C or {@code quit}; faults from stdin. */
@Command(
    name = "opcua-lab-instrument-sim",
    mixinStandardHelpOptions = true,
    description = "Simulated incubator and centrifuge on OPC UA (Eclipse Milo server).")
public final class LabInstrumentServerMain implements Callable<Integer> {
  static final String CONSOLE_HELP =
      String.join(
          "\n",
          "console commands:",
          "  run <program>        start a centrifuge run (Idle -> Running)",
          "  stop                 stop the run (Running -> Stopping -> Idle)",
          "  door open|closed     incubator door alarm",
          "  imbalance on|off     centrifuge imbalance alarm",
          "  bad <path> <status>  e.g. bad Incubator1/CO2 Bad_SensorFailure",
          "  good <path>          the node reports its value again",
          "  drop                 close every client session",
          "  restart              stop the server and start it again on the same port",
          "  status",
          "  quit");

  @Option(
      names = "--port",
      defaultValue = "4840",
      description = "TCP port (default ${DEFAULT-VALUE}, the OPC UA registered port).")
  int port;

  @Option(
      names = "--pki",
      description =
          "Serve only a Basic256Sha256 SignAndEncrypt endpoint, with the server certificate in"
              + " <dir>/own/server.der, trusted clients in <dir>/trusted/certs and refused ones in"
              + " <dir>/rejected (default: security None).")
  Path pki;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LabInstrumentServerMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    LabInstrumentServer server = new LabInstrumentServer();
    if (pki != null) {
      server.secured(pki);
    }
    try (LabInstrumentServer sim = server.start(port)) {
      ticker.scheduleAtFixedRate(
          () -> sim.tick(Duration.ofMillis(500)), 500, 500, TimeUnit.MILLISECONDS);
      System.out.printf(
          "Lab instruments on %s (%s, anonymous)%n",
          sim.endpointUrl().replace("localhost", "<this host>"),
          pki == null
              ? "security None"
              : "Basic256Sha256 SignAndEncrypt; server certificate "
                  + pki.resolve("own/server.der")
                  + ", trust clients by moving them from "
                  + pki.resolve("rejected")
                  + " to "
                  + pki.resolve("trusted/certs"));
      System.out.println(CONSOLE_HELP);
      console(sim);
    } finally {
      ticker.shutdownNow();
    }
    return 0;
  }

  private static void console(LabInstrumentServer sim) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split("\\s+");
      try {
        switch (w[0]) {
          case "run" -> System.out.println(sim.startRun(w.length > 1 ? w[1] : "DEFAULT"));
          case "stop" -> System.out.println(sim.stopRun());
          case "door" -> sim.doorOpen(w.length > 1 && w[1].equals("open"));
          case "imbalance" -> sim.imbalance(w.length > 1 && w[1].equals("on"));
          case "bad" -> sim.makeBad(w[1], w.length > 2 ? w[2] : "Bad_SensorFailure");
          case "good" -> sim.makeGood(w[1]);
          case "drop" -> System.out.println(sim.dropSessions() + " sessions closed");
          case "restart" -> {
            sim.stop();
            sim.start(sim.port());
          }
          case "status" -> System.out.println(sim.status());
          case "quit" -> {
            return;
          }
          case "" -> {}
          default -> System.out.println(CONSOLE_HELP);
        }
      } catch (RuntimeException e) {
        System.out.println("error: " + e.getMessage());
      }
    }
  }
}
