package io.campusedge.hub.internal.web;

import io.campusedge.hub.internal.store.ReadingQuality;
import io.campusedge.hub.internal.store.StoredReading;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The newest value of one metric in a room; {@code value} keeps its JSON type. */
@Serdeable
public record LatestValueView(
    @Nullable Object value,
    String unit,
    String sourceTime,
    String quality,
    @Nullable String qualityReason,
    String deviceId) {

  static LatestValueView of(StoredReading reading) {
    boolean good = reading.quality() == ReadingQuality.GOOD;
    return new LatestValueView(
        reading.value().asJson(),
        reading.unit(),
        reading.sourceTime().toString(),
        reading.quality().name(),
        good || reading.qualityReason().isEmpty() ? null : reading.qualityReason(),
        reading.deviceId());
  }
}
