package io.campusedge.drivers.sim;

import io.campusedge.drivers.api.DeviceDriver;
import io.campusedge.drivers.api.DeviceSpec;
import io.campusedge.drivers.api.DriverConfigException;
import io.campusedge.drivers.api.DriverFactory;
import java.time.ZoneId;

/**
 * Type {@code simulated-climate}. Parameters: {@code seed}, {@code students} (35), {@code volumeM3}
 * (180), {@code airChangesPerHour} (3), {@code outdoorTemperature} (30), {@code zone}
 * (Asia/Ho_Chi_Minh), {@code failEvery} (0 = never).
 */
public final class SimulatedClimateFactory implements DriverFactory {
  public static final String TYPE = "simulated-climate";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public DeviceDriver create(DeviceSpec spec) throws DriverConfigException {
    long seed = spec.longParam("seed", spec.id().hashCode());
    long students = spec.longParam("students", 35);
    double volume = spec.doubleParam("volumeM3", 180);
    double ach = spec.doubleParam("airChangesPerHour", 3);
    double outdoor = spec.doubleParam("outdoorTemperature", 30);
    long failEvery = spec.longParam("failEvery", 0);
    if (students < 0 || students > 200) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': students must be 0-200, got " + students);
    }
    if (volume <= 0 || ach <= 0) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': volumeM3 and airChangesPerHour must be positive");
    }
    if (failEvery < 0) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': failEvery must be 0 (never) or positive");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(spec.param("zone").map(Object::toString).orElse("Asia/Ho_Chi_Minh"));
    } catch (java.time.DateTimeException e) {
      throw new DriverConfigException(
          "device '" + spec.id() + "': unknown time zone " + spec.param("zone").orElse(""));
    }
    ClassroomClimateModel model =
        new ClassroomClimateModel(seed, (int) students, volume, ach, outdoor, zone);
    return new SimulatedClimateDriver(spec.id(), model, failEvery);
  }
}
