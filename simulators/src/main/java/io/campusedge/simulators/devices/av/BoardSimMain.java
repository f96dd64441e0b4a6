package io.campusedge.simulators.devices.av;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a simulated flat panel for one shipped command profile on TCP until Ctrl-C. */
@Command(
    name = "board-sim",
    mixinStandardHelpOptions = true,
    description =
        "Simulated interactive flat panel (smart-mx text protocol or samsung-mdc frames).")
public final class BoardSimMain implements Callable<Integer> {

  @Option(
      names = "--profile",
      required = true,
      description = "smart-mx or samsung-mdc (the driver profile this board speaks).")
  String profile;

  @Option(names = "--port", defaultValue = "0", description = "TCP port (0: any free port).")
  int port;

  @Option(names = "--display-id", defaultValue = "1", description = "MDC display id (samsung-mdc).")
  int displayId;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BoardSimMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    SmartBoardSim smart = null;
    SamsungMdcSim mdc = null;
    TcpDeviceServer server;
    switch (profile) {
      case "smart-mx" -> server = smart = new SmartBoardSim();
      case "samsung-mdc" -> server = mdc = new SamsungMdcSim(displayId);
      default -> {
        System.err.println("unknown profile '" + profile + "' (smart-mx or samsung-mdc)");
        return 2;
      }
    }
    try (server) {
      server.startOnAllInterfaces(port);
      System.out.printf("%s board on TCP %d%n", profile, server.port());
      System.out.println(
          "console: on | off | fault garbage|silence|close_mid_reply|refuse|bad_checksum | quit");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.trim().split("\\s+");
        switch (w[0]) {
          case "on", "off" -> {
            if (smart != null) {
              smart.pressPower(w[0].equals("on"));
            } else {
              mdc.pressPower(w[0].equals("on"));
            }
          }
          case "fault" -> {
            try {
              server.fault(BoardFault.valueOf(w[1].toUpperCase(Locale.ROOT)));
            } catch (RuntimeException e) {
              System.out.println("? fault garbage|silence|close_mid_reply|refuse|bad_checksum");
            }
          }
          case "quit" -> {
            return 0;
          }
          default -> System.out.println("? on | off | fault <kind> | quit");
        }
      }
      Thread.currentThread().join();
    }
    return 0;
  }
}
