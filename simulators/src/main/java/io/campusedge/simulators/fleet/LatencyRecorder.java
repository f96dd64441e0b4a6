package io.campusedge.simulators.fleet;

import java.util.Arrays;

/**
 * Latencies in microseconds (publish→ack, publish→SSE); keeps the first {@code capacity} samples.
 */
public final class LatencyRecorder {
  private final long[] samples;
  private int size;

  public LatencyRecorder(int capacity) {
    this.samples = new long[capacity];
  }

  public synchronized void add(long micros) {
    if (size < samples.length) {
      samples[size++] = micros;
    }
  }

  public synchronized void clear() {
    size = 0;
  }

  /** The {@code p}-th percentile in milliseconds (0 < p ≤ 100), or NaN without samples. */
  public synchronized double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, index))] / 1000.0;
  }

  public synchronized int count() {
    return size;
  }
}
