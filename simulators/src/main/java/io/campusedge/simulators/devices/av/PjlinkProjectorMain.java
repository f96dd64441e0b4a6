package io.campusedge.simulators.devices.av;

import io.campusedge.simulators.devices.av.PjlinkProjectorSim.Fault;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a simulated PJLink projector until Ctrl-C or end of input. Type console commands on stdin to
 * change it while it runs (see {@code help}).
 */
@Command(
    name = "pjlink-projector-sim",
    mixinStandardHelpOptions = true,
    description = "Simulated PJLink class 1/2 projector (TCP, and UDP search/notifications).")
public final class PjlinkProjectorMain implements Callable<Integer> {
  static final String CONSOLE_HELP =
      String.join(
          "\n",
          "console commands:",
          "  on | off                  press the power button",
          "  input <code>              select an input (11, 21, 31, 32, 51)",
          "  erst <6 digits>           set the error status, e.g. 020000 (lamp error)",
          "  err <BODY> <ERR1..ERR4>   answer the next BODY command with that error",
          "  raw <BODY> <text>         answer the next BODY command with this text",
          "  close <BODY>              close the connection half-way through the next BODY reply",
          "  silent <BODY>             do not answer the next BODY command",
          "  status                    print power, input, mute and lamp hours",
          "  quit");

  @Option(
      names = "--port",
      defaultValue = "4352",
      description = "TCP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--class", defaultValue = "2", description = "PJLink class 1 or 2.")
  int pjlinkClass;

  @Option(names = "--password", description = "Enable PJLink security with this password.")
  String password;

  @Option(
      names = "--one-command-per-connection",
      description = "Close the connection after every command, as some projectors do.")
  boolean oneCommand;

  @Option(names = "--warm-up", defaultValue = "PT5S", description = "Warm-up time (ISO-8601).")
  Duration warmUp;

  @Option(names = "--cool-down", defaultValue = "PT5S", description = "Cooling time (ISO-8601).")
  Duration coolDown;

  @Option(names = "--lamp-hours", defaultValue = "1200", description = "Lamp hours at start.")
  long lampHours;

  @Option(
      names = "--lamp-hours-per-second",
      defaultValue = "0.000277778",
      description = "Lamp hours counted per second lit (default real time; 1 = an hour a second).")
  double lampSpeed;

  @Option(names = "--no-lamp", description = "A laser/LED projector: LAMP answers ERR1.")
  boolean noLamp;

  @Option(
      names = "--udp-port",
      defaultValue = "4352",
      description = "UDP port for class 2 search (SRCH/ACKN); -1 for none.")
  int udpPort;

  @Option(
      names = "--notify",
      description = "host:port to send class 2 status notifications to (e.g. the gateway:4352).")
  String notify;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PjlinkProjectorMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PjlinkProjectorSim.Settings settings =
        PjlinkProjectorSim.Settings.defaults()
            .withPort(port)
            .withClass(pjlinkClass)
            .withPassword(password)
            .withOneCommandPerConnection(oneCommand)
            .withPowerDelays(warmUp, coolDown)
            .withLamp(!noLamp, lampHours, lampSpeed)
            .withUdpPort(udpPort);
    try (PjlinkProjectorSim sim = new PjlinkProjectorSim(settings).startOnAllInterfaces()) {
      if (notify != null) {
        int colon = notify.lastIndexOf(':');
        sim.notifyTo(
            new InetSocketAddress(
                notify.substring(0, colon), Integer.parseInt(notify.substring(colon + 1))));
      }
      System.out.printf(
          "PJLink class %d projector on TCP %d%s%s%n",
          pjlinkClass,
          sim.port(),
          password == null ? " (no password)" : " (password set)",
          sim.udpPort() < 0 ? "" : ", UDP " + sim.udpPort());
      System.out.println(CONSOLE_HELP);
      console(sim);
    }
    return 0;
  }

  private static void console(PjlinkProjectorSim sim) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split("\\s+", 3);
      try {
        switch (w[0]) {
          case "" -> {}
          case "on" -> sim.pressPower(true);
          case "off" -> sim.pressPower(false);
          case "input" -> sim.selectInput(w[1]);
          case "erst" -> sim.setErrors(w[1]);
          case "err" -> sim.fault(w[1], new Fault.ErrorReply(w[2]));
          case "raw" -> sim.fault(w[1], new Fault.RawReply(w[2]));
          case "close" -> sim.fault(w[1], new Fault.CloseMidReply());
          case "silent" -> sim.fault(w[1], new Fault.Silence());
          case "status" ->
              System.out.printf(
                  "power %s input %s mute %s lamp %d h%n",
                  sim.powerCode(), sim.input(), sim.mute(), sim.lampHours());
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
