package io.campusedge.agent.internal.scheduler;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.RecordSink;
import io.campusedge.protos.v1.DeviceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls each device on its interval. A driver that throws is reported as an unreachable device and
 * polled again next time; one bad driver never stops the others.
 */
public final class PollScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

  private final ScheduledExecutorService executor;
  private final RecordSink sink;
  private final Clock clock;

  public PollScheduler(String gatewayId, int threads, RecordSink sink, Clock clock) {
    this.executor =
        Executors.newScheduledThreadPool(threads, named("campusedge-poll-" + gatewayId));
    this.sink = sink;
    this.clock = clock;
  }

  /** Polls {@code driver} now and then every {@code interval} until the handle is stopped. */
  public Polling schedule(String deviceId, DeviceDriver driver, Duration interval) {
    Polling polling = new Polling();
    polling.future =
        executor.scheduleWithFixedDelay(
            () -> polling.run(() -> pollOnce(deviceId, driver)),
            0,
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
    return polling;
  }

  /** One device's polling. */
  public static final class Polling {
    private volatile ScheduledFuture<?> future;
    private boolean stopped;

    private synchronized void run(Runnable poll) {
      if (!stopped) {
        poll.run();
      }
    }

    /** No poll runs after this returns; one in progress is waited for, so the driver can close. */
    public void stop() {
      future.cancel(false);
      synchronized (this) {
        stopped = true;
      }
    }
  }

  private void pollOnce(String deviceId, DeviceDriver driver) {
    try {
      driver.poll();
    } catch (RuntimeException e) {
      log.warn("Device {}: poll failed: {}", deviceId, e.toString());
      reportUnreachable(deviceId, e);
    }
  }

  private void reportUnreachable(String deviceId, RuntimeException failure) {
    try {
      String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
      sink.deviceStatus(
          DeviceStatus.newBuilder()
              .setDeviceId(deviceId)
              .setSourceTimeMs(clock.millis())
              .setReachable(false)
              .setError(reason)
              .build());
    } catch (RuntimeException e) {
      log.error("Device {}: could not record its failure", deviceId, e);
    }
  }

  /** Stops polling and waits for polls in progress. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
