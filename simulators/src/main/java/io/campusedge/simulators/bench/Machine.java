package io.campusedge.simulators.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Names the machine a benchmark ran on, so figures can be compared honestly. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(line -> line.startsWith("model name"))
              .map(line -> line.substring(line.indexOf(':') + 1).strip())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // Not Linux: the JVM's view below still says something.
    }
    return String.format(
        "%s, %d CPUs available to the JVM, %s %s, Java %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"));
  }
}
