package io.campusedge.simulators.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU use since construction, from Linux's {@code /proc/stat}: every process
 * counts, so a stage's figure includes the broker, the fleet and a PostgreSQL server running beside
 * the measured JVM. Unknown (-1) where {@code /proc/stat} cannot be read.
 */
final class MachineCpu {
  private final long[] start = ticks();

  /** Busy share of all CPUs since construction, in percent; -1 if unknown. */
  double busyPercent() {
    long[] now = ticks();
    if (start == null || now == null || now[1] <= start[1]) {
      return -1;
    }
    return 100.0 * (now[0] - start[0]) / (now[1] - start[1]);
  }

  /** {busy, total} ticks of the aggregate "cpu" line; null if unreadable. */
  private static long[] ticks() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      if (!first.startsWith("cpu ")) {
        return null;
      }
      String[] fields = first.substring(4).trim().split("\\s+");
      long total = 0;
      // user nice system idle iowait irq softirq steal (guest time is inside user already)
      for (int i = 0; i < Math.min(8, fields.length); i++) {
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[3]) + Long.parseLong(fields[4]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
