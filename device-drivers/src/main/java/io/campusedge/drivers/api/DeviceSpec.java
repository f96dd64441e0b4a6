package io.campusedge.drivers.api;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One device as the gateway configuration describes it. {@code params} holds the bus or network
 * parameters of the device type (e.g. {@code bus}, {@code address}, {@code host}).
 */
public record DeviceSpec(
    String id, String type, String room, Duration pollInterval, Map<String, Object> params) {

  public DeviceSpec {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  public Optional<Object> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** A numeric parameter, or {@code fallback} when it is absent. */
  public double doubleParam(String name, double fallback) throws DriverConfigException {
    Object value = params.get(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    try {
      return Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new DriverConfigException(
          "device '" + id + "': parameter '" + name + "' must be a number, got '" + value + "'");
    }
  }

  /** A whole-number parameter, or {@code fallback} when it is absent. */
  public long longParam(String name, long fallback) throws DriverConfigException {
    double value = doubleParam(name, fallback);
    if (value != Math.rint(value)) {
      throw new DriverConfigException(
          "device '" + id + "': parameter '" + name + "' must be a whole number, got " + value);
    }
    return (long) value;
  }
}
