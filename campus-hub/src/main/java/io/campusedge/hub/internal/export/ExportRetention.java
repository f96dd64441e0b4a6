package io.campusedge.hub.internal.export;

import io.campusedge.hub.internal.config.ExportRetentionConfig;
import io.campusedge.hub.internal.store.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges the export outbox by {@link ExportRetentionConfig}: SENT deliveries older than {@code
 * sent}; DEAD ones older than {@code dead}, or older than {@code sent} once replayed (a later
 * delivery of the same event to the same destination exists); then events older than {@code sent}
 * that no delivery refers to any more. A PENDING delivery is never touched, nor is its event. Works
 * in chunks of {@link #CHUNK} rows, one short transaction each, so dispatchers are not held up;
 * several hubs may purge at once (a row deleted twice is deleted once).
 */
@Context
@Singleton
public class ExportRetention {
  static final int CHUNK = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(ExportRetention.class);

  private final DataSource dataSource;
  private final ExportRetentionConfig config;
  private final Clock clock;
  @Nullable private final MeterRegistry meters;
  private ScheduledFuture<?> task;

  /** What one purge removed. */
  public record Purged(long sent, long dead, long events) {}

  @Inject
  public ExportRetention(
      DataSource dataSource,
      ExportRetentionConfig config,
      @Nullable MeterRegistry meters,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this(dataSource, config, meters, Clock.systemUTC());
    this.task =
        scheduler.scheduleWithFixedDelay(
            config.purgeInterval(), config.purgeInterval(), this::purgeSafely);
  }

  /** Not scheduled: the caller calls {@link #purge}. */
  ExportRetention(
      DataSource dataSource,
      ExportRetentionConfig config,
      @Nullable MeterRegistry meters,
      Clock clock) {
    this.dataSource = dataSource;
    this.config = config;
    this.meters = meters;
    this.clock = clock;
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  private void purgeSafely() {
    try {
      purge();
    } catch (RuntimeException e) {
      LOG.warn(
          "Purging old export deliveries failed ({}); next try in {}",
          e.toString(),
          config.purgeInterval());
    }
  }

  public Purged purge() {
    Instant now = clock.instant();
    Instant sentBefore = now.minus(config.sent());
    Instant deadBefore = now.minus(config.dead());
    long sent =
        deleteAll(
            "DELETE FROM export_delivery WHERE delivery_id IN (SELECT delivery_id"
                + " FROM export_delivery WHERE state = 'SENT' AND sent_at < ?"
                + " FETCH FIRST "
                + CHUNK
                + " ROWS ONLY)",
            sentBefore);
    long dead =
        deleteAll(
            "DELETE FROM export_delivery WHERE delivery_id IN (SELECT d.delivery_id"
                + " FROM export_delivery d WHERE d.state = 'DEAD' AND (d.created_at < ?"
                + " OR (d.created_at < ? AND EXISTS (SELECT 1 FROM export_delivery r"
                + " WHERE r.event_id = d.event_id AND r.subscription_id = d.subscription_id"
                + " AND r.delivery_id > d.delivery_id)))"
                + " FETCH FIRST "
                + CHUNK
                + " ROWS ONLY)",
            deadBefore,
            sentBefore);
    long events =
        deleteAll(
            "DELETE FROM export_event WHERE event_id IN (SELECT e.event_id FROM export_event e"
                + " WHERE e.occurred_at < ? AND NOT EXISTS (SELECT 1 FROM export_delivery d"
                + " WHERE d.event_id = e.event_id) FETCH FIRST "
                + CHUNK
                + " ROWS ONLY)",
            sentBefore);
    Purged purged = new Purged(sent, dead, events);
    if (sent + dead + events > 0) {
      LOG.info(
          "Export outbox purged: {} sent and {} dead deliveries, {} events", sent, dead, events);
      count("sent", sent);
      count("dead", dead);
      count("event", events);
    }
    return purged;
  }

  private long deleteAll(String sql, Instant... before) {
    long total = 0;
    while (true) {
      int deleted =
          Sql.inTransaction(
              dataSource,
              connection -> {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                  for (int i = 0; i < before.length; i++) {
                    delete.setObject(i + 1, Sql.utc(before[i]));
                  }
                  return delete.executeUpdate();
                }
              });
      total += deleted;
      if (deleted < CHUNK) {
        return total;
      }
    }
  }

  private void count(String what, long purged) {
    if (meters != null && purged > 0) {
      meters.counter("campusedge.export.purged", "what", what).increment(purged);
    }
  }
}
