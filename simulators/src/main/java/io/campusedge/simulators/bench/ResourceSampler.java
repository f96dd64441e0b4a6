package io.campusedge.simulators.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** CPU and heap of this JVM while a benchmark stage runs, sampled every 500 ms. */
final class ResourceSampler implements StageSampler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final MachineCpu machine = new MachineCpu();
  private final long startCpuNanos;
  private final long startWallNanos;
  private volatile long maxHeapUsed;
  private volatile long maxHeapCommitted;
  private final int threadsAtStart = Thread.activeCount();
  private volatile int maxThreads;

  ResourceSampler() {
    startCpuNanos = os.getProcessCpuTime();
    startWallNanos = System.nanoTime();
    timer.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    long committed = memory.getHeapMemoryUsage().getCommitted();
    maxHeapUsed = Math.max(maxHeapUsed, used);
    maxHeapCommitted = Math.max(maxHeapCommitted, committed);
    maxThreads = Math.max(maxThreads, Thread.activeCount());
  }

  /** Figures since construction. */
  @Override
  public Figures figures() {
    sample();
    double wall = (System.nanoTime() - startWallNanos) / 1e9;
    double cpu = (os.getProcessCpuTime() - startCpuNanos) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    return new Figures(
        100.0 * cpu / (wall * cores),
        cpu / wall,
        maxHeapUsed >> 20,
        maxHeapCommitted >> 20,
        Runtime.getRuntime().maxMemory() >> 20,
        Math.max(maxThreads, threadsAtStart),
        -1,
        machine.busyPercent());
  }

  /**
   * {@code cpuPercent}: this JVM's (or the hub process's) CPU as a share of the whole machine;
   * {@code coresBusy}: its CPU seconds per second; {@code maxRssMib}: the process's resident
   * memory, -1 when not sampled; {@code machinePercent}: every process's CPU together, -1 when
   * unknown.
   */
  record Figures(
      double cpuPercent,
      double coresBusy,
      long maxHeapUsedMib,
      long maxHeapCommittedMib,
      long heapLimitMib,
      int threads,
      long maxRssMib,
      double machinePercent) {
    @Override
    public String toString() {
      return String.format(
              "CPU %.0f%% of the machine (%.2f cores busy), heap used ≤ %,d MiB (committed %,d MiB,"
                  + " -Xmx %,d MiB), threads ≤ %,d",
              cpuPercent, coresBusy, maxHeapUsedMib, maxHeapCommittedMib, heapLimitMib, threads)
          + (maxRssMib < 0 ? "" : String.format(", RSS ≤ %,d MiB", maxRssMib))
          + (machinePercent < 0 ? "" : String.format("; whole machine CPU %.0f%%", machinePercent));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
