package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Reading;
import java.time.Instant;

/** One reading as the hub stored it. */
public record StoredReading(
    String gatewayId,
    String deviceId,
    String metric,
    Instant sourceTime,
    MetricValue value,
    String unit,
    ReadingQuality quality,
    String qualityReason) {

  public static StoredReading of(String gatewayId, Reading reading) {
    return new StoredReading(
        gatewayId,
        reading.getDeviceId(),
        reading.getMetric(),
        Instant.ofEpochMilli(reading.getSourceTimeMs()),
        MetricValue.of(reading),
        reading.getUnit(),
        ReadingQuality.of(reading.getQuality()),
        Sql.fitColumn(reading.getQualityReason(), RecordColumns.QUALITY_REASON));
  }

  public boolean isNewerThan(StoredReading other) {
    return sourceTime.isAfter(other.sourceTime);
  }
}
