package io.campusedge.agent.internal.update;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a newly installed version: confirms the pending update once the agent is online and the hub
 * acknowledged data it sent; rolls back and restarts when the deadline passes first.
 */
public final class UpdateConfirmation implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpdateConfirmation.class);

  public enum State {
    NOTHING_PENDING,
    WAITING,
    CONFIRMED,
    ROLLED_BACK
  }

  private final Versions versions;
  private final String running;
  private final BooleanSupplier online;
  private final LongSupplier acks;
  private final Clock wall;
  private final UpdateInstaller.Restarter restarter;
  private Optional<ScheduledExecutorService> timer = Optional.empty();

  public UpdateConfirmation(
      Versions versions,
      String running,
      BooleanSupplier online,
      LongSupplier acks,
      Clock wall,
      UpdateInstaller.Restarter restarter) {
    this.versions = versions;
    this.running = running;
    this.online = online;
    this.acks = acks;
    this.wall = wall;
    this.restarter = restarter;
  }

  /** Checks every {@code periodMs} until confirmed or rolled back. */
  public UpdateConfirmation watch(long periodMs) {
    if (check() != State.WAITING) {
      return this;
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "campusedge-update-confirmation");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          if (check() != State.WAITING) {
            executor.shutdown();
          }
        },
        periodMs,
        periodMs,
        TimeUnit.MILLISECONDS);
    timer = Optional.of(executor);
    return this;
  }

  public synchronized State check() {
    try {
      Optional<Versions.Pending> pending = versions.pending();
      if (pending.isEmpty() || !pending.get().version().equals(running)) {
        return State.NOTHING_PENDING;
      }
      if (online.getAsBoolean() && acks.getAsLong() > 0) {
        versions.confirm();
        return State.CONFIRMED;
      }
      if (wall.instant().isAfter(pending.get().deadline())) {
        versions.rollBack(Versions.notConfirmed(pending.get()), wall.instant());
        restarter.restartSoon();
        return State.ROLLED_BACK;
      }
      return State.WAITING;
    } catch (IOException | RuntimeException e) {
      log.warn("Update confirmation check failed (tried again): {}", e.toString());
      return State.WAITING;
    }
  }

  @Override
  public void close() {
    timer.ifPresent(ScheduledExecutorService::shutdownNow);
  }
}
