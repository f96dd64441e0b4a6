package io.campusedge.simulators.devices.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a simulated fume hood controller on Modbus TCP until Ctrl-C or {@code quit}. Console
 * commands on stdin change it and inject faults into the next request (see {@code help}).
 */
@Command(
    name = "modbus-fume-hood-sim",
    mixinStandardHelpOptions = true,
    description = "Simulated laboratory fume hood controller (Modbus TCP server).")
public final class ModbusFumeHoodMain implements Callable<Integer> {
  static final String CONSOLE_HELP =
      String.join(
          "\n",
          "console commands (faults apply to the next request):",
          "  fan on|off           switch the exhaust fan (coil 0)",
          "  sash <percent>       set the sash opening (input 2)",
          "  temp <Cel>           set the exhaust temperature (input 3)",
          "  exception <hex>      answer with exception 01, 02, 03, 04, 0B, ...",
          "  close                close the connection without answering",
          "  close-mid            send half of the reply, then close",
          "  silent               do not answer",
          "  malformed            answer with MBAP protocol id 0001 (not Modbus)",
          "  raw <hex PDU>        answer with this PDU, e.g. 04 04 0000",
          "  status               print fan, velocity, set point, requests",
          "  quit");

  @Option(
      names = "--port",
      defaultValue = "5020",
      description = "TCP port (default ${DEFAULT-VALUE}; 502 needs root).")
  int port;

  @Option(names = "--unit-id", defaultValue = "1", description = "Modbus unit id (default 1).")
  int unitId;

  @Option(
      names = "--word-order",
      defaultValue = "big",
      description = "Register order of the float32 face velocity: big or little.")
  String wordOrder;

  @Option(names = "--sash", defaultValue = "30", description = "Sash opening in % at start.")
  double sash;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ModbusFumeHoodMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!wordOrder.equals("big") && !wordOrder.equals("little")) {
      System.err.println("--word-order must be big or little");
      return 2;
    }
    FumeHoodSim hood = new FumeHoodSim(unitId, wordOrder.equals("big"));
    hood.sashPercent(sash);
    try (FumeHoodSim sim = hood) {
      sim.startOnAllInterfaces(port);
      System.out.printf(
          "Fume hood controller on Modbus TCP %d, unit %d, float32 word order %s%n",
          sim.port(), unitId, wordOrder);
      System.out.println(CONSOLE_HELP);
      console(sim);
    }
    return 0;
  }

  private static void console(FumeHoodSim sim) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split("\\s+", 2);
      try {
        switch (w[0]) {
          case "" -> {}
          case "fan" -> sim.fan(w[1].equals("on"));
          case "sash" -> sim.sashPercent(Double.parseDouble(w[1]));
          case "temp" -> sim.temperature(Double.parseDouble(w[1]));
          case "exception" -> sim.fault(new ModbusFault.ExceptionReply(Integer.parseInt(w[1], 16)));
          case "close" -> sim.fault(new ModbusFault.CloseBeforeReply());
          case "close-mid" -> sim.fault(new ModbusFault.CloseMidReply());
          case "silent" -> sim.fault(new ModbusFault.Silence());
          case "malformed" -> sim.fault(new ModbusFault.MalformedHeader());
          case "raw" ->
              sim.fault(new ModbusFault.RawPdu(HexFormat.of().parseHex(w[1].replace(" ", ""))));
          case "status" ->
              System.out.printf(
                  "fan %s, face velocity %.2f m/s, set point %d cm/s, %d requests%n",
                  sim.fanOn() ? "on" : "off",
                  sim.faceVelocity(),
                  sim.holding(FumeHoodSim.SET_POINT).orElse(0),
                  sim.requestCount());
          case "quit" -> {
            return;
          }
          default -> System.out.println(CONSOLE_HELP);
        }
      } catch (RuntimeException e) {
        System.out.println("? " + e.getMessage());
      }
    }
    // stdin closed (e.g. started in the background): keep serving until killed.
    Thread.currentThread().join();
  }
}
