package io.campusedge.simulators.chaos;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Polls a condition until it holds (the runner's own Awaitility, which is a test library). */
final class Waits {
  private Waits() {}

  static void until(Duration patience, String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("waited " + patience + " for: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
