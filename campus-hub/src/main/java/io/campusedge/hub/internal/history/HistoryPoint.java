package io.campusedge.hub.internal.history;

import io.campusedge.hub.internal.store.MetricValue;
import io.campusedge.hub.internal.store.ReadingQuality;
import java.time.Instant;
import java.util.Optional;

/** One row of readings history: a reading as sent, or an aggregate over a minute or hour. */
public sealed interface HistoryPoint {

  Instant time();

  Source source();

  /** Where a point comes from; room and site are absent for devices no longer in inventory. */
  record Source(
      Optional<String> site,
      Optional<String> room,
      String gatewayId,
      String deviceId,
      String metric,
      String unit) {}

  record Raw(
      Instant time, Source source, MetricValue value, ReadingQuality quality, String qualityReason)
      implements HistoryPoint {}

  /** {@code time} is the start of the bucket. */
  record Rollup(Instant time, Source source, long count, double min, double max, double sum)
      implements HistoryPoint {
    public double average() {
      return sum / count;
    }
  }
}
