package io.campusedge.hub.internal.ingest;

import io.campusedge.hub.internal.config.GatewaysConfig;
import io.campusedge.hub.internal.environment.AlertRules;
import io.campusedge.hub.internal.events.LiveEvents;
import io.campusedge.hub.internal.store.GatewayInventoryStore;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a gateway offline when nothing was heard from it for two heartbeat intervals, for when its
 * will message never arrives (broker restarted, will lost, half-open connection). Runs every
 * quarter interval; last-seen times go through the database, so with several hub instances each
 * sees what the others heard.
 */
@Singleton
public class GatewayOfflineCheck {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayOfflineCheck.class);

  private final GatewayLiveness liveness;
  private final GatewayInventoryStore store;
  private final GatewaysConfig config;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final LiveEvents events;
  private final AlertRules alertRules;
  private volatile Instant startedAt;
  private ScheduledFuture<?> task;

  public GatewayOfflineCheck(
      GatewayLiveness liveness,
      GatewayInventoryStore store,
      GatewaysConfig config,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
      LiveEvents events,
      AlertRules alertRules) {
    this(liveness, store, config, scheduler, Clock.systemUTC(), events, alertRules);
  }

  GatewayOfflineCheck(
      GatewayLiveness liveness,
      GatewayInventoryStore store,
      GatewaysConfig config,
      TaskScheduler scheduler,
      Clock clock,
      LiveEvents events,
      AlertRules alertRules) {
    this.alertRules = alertRules;
    this.liveness = liveness;
    this.store = store;
    this.config = config;
    this.scheduler = scheduler;
    this.clock = clock;
    this.events = events;
  }

  public synchronized void start() {
    startedAt = clock.instant();
    Duration period = config.heartbeatInterval().dividedBy(4);
    task = scheduler.scheduleWithFixedDelay(period, period, this::runSafely);
  }

  public synchronized void stop() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
    runSafely(); // last-seen times heard since the last run
  }

  private void runSafely() {
    try {
      run();
    } catch (RuntimeException e) {
      LOG.warn("Gateway offline check failed: {}", e.toString());
    }
  }

  /** Writes what was heard, then marks the silent gateways offline; returns those marked. */
  List<String> run() {
    store.touch(liveness.takeHeard());
    Instant now = clock.instant();
    // Just started: silence so far may be this hub's own downtime, not the gateways'.
    if (startedAt == null || startedAt.plus(config.offlineAfter()).isAfter(now)) {
      return List.of();
    }
    List<String> marked = store.markOffline(now.minus(config.offlineAfter()));
    for (String gatewayId : marked) {
      LOG.warn(
          "Gateway {} marked offline: nothing heard for more than {} (two heartbeat intervals)",
          gatewayId,
          config.offlineAfter());
      events.gatewaySilent(gatewayId);
      alertRules.gatewaySilent(gatewayId, config.offlineAfter());
    }
    return marked;
  }
}
