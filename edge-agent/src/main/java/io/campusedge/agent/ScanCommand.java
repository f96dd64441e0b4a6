package io.campusedge.agent;

import io.campusedge.drivers.bus.BusException;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.drivers.bus.I2cScan;
import io.campusedge.drivers.bus.pi4j.Pi4jBuses;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scan}: which I2C addresses answer on a bus and what is probably there. */
@Command(
    name = "scan",
    description = "List the devices that answer on an I2C bus and name the likely device.")
final class ScanCommand implements Callable<Integer> {
  /** Exit code when the bus cannot be opened (not enabled, no permission). */
  static final int BUS_UNAVAILABLE = 3;

  @Option(names = "--bus", defaultValue = "1", description = "I2C bus number (default: 1).")
  int bus;

  @Option(names = "--json", description = "One JSON object per line, for scripts.")
  boolean json;

  @Spec CommandLine.Model.CommandSpec spec;

  private final Supplier<Buses> buses;

  ScanCommand() {
    this(Pi4jBuses::create);
  }

  ScanCommand(Supplier<Buses> buses) {
    this.buses = buses;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Buses opened = buses.get();
    try {
      List<I2cScan.Found> found = I2cScan.scan(opened, bus);
      found.forEach(device -> out.println(json ? asJson(device) : asLine(device)));
      if (!json) {
        out.printf("I2C bus %d: %d device(s) answered%n", bus, found.size());
      }
      return 0;
    } catch (BusException e) {
      spec.commandLine()
          .getErr()
          .printf(
              "I2C bus %d cannot be scanned: %s (is I2C enabled with raspi-config, and is this"
                  + " user in the i2c group?)%n",
              bus, e.getMessage());
      return BUS_UNAVAILABLE;
    } finally {
      if (opened instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Closing the bus after a scan cannot change the result.
        }
      }
    }
  }

  private static String asLine(I2cScan.Found device) {
    return String.format(
        "%s  %-40s %s",
        device.hexAddress(),
        device.likelyDevice(),
        device.confirmed() ? "confirmed: " + device.detail() : device.detail());
  }

  private String asJson(I2cScan.Found device) {
    return String.format(
        "{\"bus\":%d,\"address\":\"%s\",\"likelyDevice\":\"%s\",\"confirmed\":%b,\"detail\":\"%s\"}",
        bus,
        device.hexAddress(),
        escape(device.likelyDevice()),
        device.confirmed(),
        escape(device.detail()));
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
