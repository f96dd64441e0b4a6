package io.campusedge.drivers.api;

import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.util.Optional;

/**
 * What one sensor driver hands to the sink: GOOD or BAD readings stamped with the context clock,
 * and a {@link DeviceStatus} whenever reachability changes (not on every poll).
 */
public final class SensorOutput {
  private final String deviceId;
  private final DriverContext context;
  private Optional<Boolean> lastReachable = Optional.empty();

  public SensorOutput(String deviceId, DriverContext context) {
    this.deviceId = deviceId;
    this.context = context;
  }

  public long now() {
    return context.clock().millis();
  }

  public void good(String metric, double value, String unit) {
    context.sink().reading(base(metric, unit).setDoubleValue(value).build());
  }

  public void good(String metric, long value, String unit) {
    context.sink().reading(base(metric, unit).setIntValue(value).build());
  }

  public void good(String metric, boolean value, String unit) {
    context.sink().reading(base(metric, unit).setBoolValue(value).build());
  }

  /** A word or name, e.g. a power state or an input. */
  public void good(String metric, String value, String unit) {
    context.sink().reading(base(metric, unit).setStringValue(value).build());
  }

  public void uncertain(String metric, double value, String unit, String reason) {
    context
        .sink()
        .reading(
            base(metric, unit)
                .setDoubleValue(value)
                .setQuality(Quality.QUALITY_UNCERTAIN)
                .setQualityReason(reason)
                .build());
  }

  /** A metric without a usable value; {@code reason} is for the technician. */
  public void bad(String metric, String unit, String reason) {
    context
        .sink()
        .reading(
            base(metric, unit).setQuality(Quality.QUALITY_BAD).setQualityReason(reason).build());
  }

  /** Reports the device reachable again after a failure (or for the first time). */
  public void reachable() {
    if (lastReachable.orElse(false)) {
      return;
    }
    lastReachable = Optional.of(true);
    context
        .sink()
        .deviceStatus(
            DeviceStatus.newBuilder()
                .setDeviceId(deviceId)
                .setSourceTimeMs(now())
                .setReachable(true)
                .build());
  }

  /** Reports the device unreachable, once per outage. */
  public void unreachable(String error) {
    if (lastReachable.isPresent() && !lastReachable.get()) {
      return;
    }
    lastReachable = Optional.of(false);
    context
        .sink()
        .deviceStatus(
            DeviceStatus.newBuilder()
                .setDeviceId(deviceId)
                .setSourceTimeMs(now())
                .setReachable(false)
                .setError(error)
                .build());
  }

  private Reading.Builder base(String metric, String unit) {
    return Reading.newBuilder()
        .setDeviceId(deviceId)
        .setMetric(metric)
        .setSourceTimeMs(now())
        .setUnit(unit)
        .setQuality(Quality.QUALITY_GOOD);
  }
}
