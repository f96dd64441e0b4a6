package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.history.HistoryPoint;
import io.campusedge.hub.internal.store.ReadingQuality;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One history point. Raw points carry {@code value} and {@code quality}; 1m/1h points carry {@code
 * count}, {@code min}, {@code max}, {@code avg} over the bucket starting at {@code time}.
 */
@Serdeable
public record ReadingPointView(
    String time,
    @Nullable String site,
    @Nullable String room,
    String gatewayId,
    String deviceId,
    String metric,
    String unit,
    @Nullable Object value,
    @Nullable String quality,
    @Nullable String qualityReason,
    @Nullable Long count,
    @Nullable Double min,
    @Nullable Double max,
    @Nullable Double avg) {

  static ReadingPointView of(HistoryPoint point) {
    HistoryPoint.Source source = point.source();
    if (point instanceof HistoryPoint.Rollup rollup) {
      return new ReadingPointView(
          point.time().toString(),
          source.site().orElse(null),
          source.room().orElse(null),
          source.gatewayId(),
          source.deviceId(),
          source.metric(),
          source.unit(),
          null,
          null,
          null,
          rollup.count(),
          rollup.min(),
          rollup.max(),
          rollup.average());
    }
    HistoryPoint.Raw raw = (HistoryPoint.Raw) point;
    boolean good = raw.quality() == ReadingQuality.GOOD;
    return new ReadingPointView(
        point.time().toString(),
        source.site().orElse(null),
        source.room().orElse(null),
        source.gatewayId(),
        source.deviceId(),
        source.metric(),
        source.unit(),
        raw.value().asJson(),
        raw.quality().name(),
        good || raw.qualityReason().isEmpty() ? null : raw.qualityReason(),
        null,
        null,
        null,
        null);
  }
}
