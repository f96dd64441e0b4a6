package io.campusedge.hub.internal.metrics;

import io.campusedge.hub.internal.store.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export destinations for Prometheus, per destination and kind: deliveries pending, sent and dead,
 * and the lag (age of the oldest pending delivery). Read from the database every 30 s (the first
 * time 30 s after start), so several hub instances report the same figures and a scrape never waits
 * on a query.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
public class ExportMeters implements MeterBinder {
  private static final Logger LOG = LoggerFactory.getLogger(ExportMeters.class);

  // Looked up when first read: the pool's own metrics need the registry this binds to.
  private final Supplier<DataSource> dataSource;
  private final Clock clock;
  private final List<MultiGauge> gauges = new ArrayList<>();

  /** One destination's figures at the last refresh. */
  public record DestinationFigures(
      String destination, String kind, long pending, long sent, long dead, long lagSeconds) {}

  @Inject
  public ExportMeters(BeanProvider<DataSource> dataSource) {
    this(dataSource::get, Clock.systemUTC());
  }

  public ExportMeters(Supplier<DataSource> dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauges.add(
        MultiGauge.builder("campusedge.export.pending")
            .description("deliveries waiting to be sent, per destination")
            .register(registry));
    gauges.add(
        MultiGauge.builder("campusedge.export.sent")
            .description("deliveries sent (acknowledged or rejected by the receiver)")
            .register(registry));
    gauges.add(
        MultiGauge.builder("campusedge.export.dead")
            .description("deliveries given up after the last try, waiting for a replay")
            .register(registry));
    gauges.add(
        MultiGauge.builder("campusedge.export.lag")
            .description("age of the oldest pending delivery")
            .baseUnit("seconds")
            .register(registry));
  }

  @Scheduled(fixedDelay = "30s", initialDelay = "30s")
  void scheduledRefresh() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.debug("Export metrics not refreshed: {}", e.toString());
    }
  }

  /** Reads the figures and hands them to the gauges (every 30 s, and on demand); returns them. */
  public List<DestinationFigures> refresh() {
    List<DestinationFigures> figures = read();
    if (gauges.size() == 4) {
      gauges.get(0).register(rows(figures, DestinationFigures::pending), true);
      gauges.get(1).register(rows(figures, DestinationFigures::sent), true);
      gauges.get(2).register(rows(figures, DestinationFigures::dead), true);
      gauges.get(3).register(rows(figures, DestinationFigures::lagSeconds), true);
    }
    return figures;
  }

  private static List<MultiGauge.Row<?>> rows(
      List<DestinationFigures> figures, java.util.function.ToLongFunction<DestinationFigures> of) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (DestinationFigures f : figures) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of("destination", f.destination(), "kind", f.kind()), of.applyAsLong(f)));
    }
    return rows;
  }

  private List<DestinationFigures> read() {
    Instant now = clock.instant();
    return Sql.inTransaction(
        dataSource.get(),
        connection -> {
          Map<String, long[]> counts = new LinkedHashMap<>();
          Map<String, String> kinds = new LinkedHashMap<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT s.subscription_id, s.kind, d.state, COUNT(d.delivery_id),"
                          + " MIN(d.created_at) FROM webhook_subscription s"
                          + " LEFT JOIN export_delivery d ON d.subscription_id = s.subscription_id"
                          + " GROUP BY s.subscription_id, s.kind, d.state"
                          + " ORDER BY s.subscription_id");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              String id = rows.getString(1);
              kinds.put(id, rows.getString(2));
              long[] c = counts.computeIfAbsent(id, k -> new long[4]);
              String state = rows.getString(3);
              if (state == null) {
                continue;
              }
              switch (state) {
                case "PENDING" -> {
                  c[0] = rows.getLong(4);
                  Object oldest = rows.getObject(5);
                  if (oldest != null) {
                    c[3] = Math.max(0, Duration.between(Sql.instant(oldest), now).toSeconds());
                  }
                }
                case "SENT" -> c[1] = rows.getLong(4);
                case "DEAD" -> c[2] = rows.getLong(4);
                default -> {}
              }
            }
          }
          List<DestinationFigures> figures = new ArrayList<>();
          counts.forEach(
              (id, c) ->
                  figures.add(new DestinationFigures(id, kinds.get(id), c[0], c[1], c[2], c[3])));
          return figures;
        });
  }
}
