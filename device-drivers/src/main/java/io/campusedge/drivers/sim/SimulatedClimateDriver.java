package io.campusedge.drivers.sim;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DriverContext;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;

/**
 * A software classroom sensor (temperature, humidity, CO2, light, noise, occupancy) for demos and
 * bench tests without hardware. Every {@code failEvery}-th poll the CO2 value comes out BAD, the
 * way a real sensor's CRC error would, so the quality path is always exercised.
 */
final class SimulatedClimateDriver implements DeviceDriver {
  private final String deviceId;
  private final ClassroomClimateModel model;
  private final long failEvery;
  private DriverContext context;
  private long polls;

  SimulatedClimateDriver(String deviceId, ClassroomClimateModel model, long failEvery) {
    this.deviceId = deviceId;
    this.model = model;
    this.failEvery = failEvery;
  }

  @Override
  public void open(DriverContext context) {
    this.context = context;
  }

  @Override
  public void poll() {
    if (context == null) {
      throw new IllegalStateException("poll() before open()");
    }
    long now = context.clock().millis();
    polls++;
    ClassroomClimateModel.Snapshot room = model.advance(now);
    emit("temperature", room.temperatureCelsius(), "Cel", now);
    emit("humidity", room.humidityPercent(), "%", now);
    if (failEvery > 0 && polls % failEvery == 0) {
      context
          .sink()
          .reading(
              base("co2", "[ppm]", now)
                  .setQuality(Quality.QUALITY_BAD)
                  .setQualityReason("CRC mismatch in CO2 word (simulated)")
                  .build());
    } else {
      emit("co2", room.co2Ppm(), "[ppm]", now);
    }
    emit("illuminance", room.illuminanceLux(), "lx", now);
    emit("noise", room.noiseDb(), "dB[SPL]", now);
    context.sink().reading(base("occupancy", "1", now).setIntValue(room.occupants()).build());
  }

  private void emit(String metric, double value, String unit, long now) {
    context.sink().reading(base(metric, unit, now).setDoubleValue(value).build());
  }

  private Reading.Builder base(String metric, String unit, long now) {
    return Reading.newBuilder()
        .setDeviceId(deviceId)
        .setMetric(metric)
        .setSourceTimeMs(now)
        .setUnit(unit)
        .setQuality(Quality.QUALITY_GOOD);
  }

  @Override
  public void close() {
    context = null;
  }
}
