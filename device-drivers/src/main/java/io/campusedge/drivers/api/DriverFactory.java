package io.campusedge.drivers.api;

/**
 * Creates drivers of one device type. Implementations are found with {@link
 * java.util.ServiceLoader}; the agent knows them only by {@link #type()}.
 */
public interface DriverFactory {

  /** The type name used in the gateway configuration, e.g. {@code "bme280"}. */
  String type();

  /**
   * Validates the device's parameters and creates its driver. Does no I/O: a missing device is
   * reported by the driver at run time, not here.
   */
  DeviceDriver create(DeviceSpec spec) throws DriverConfigException;

  /**
   * Whether the driver hashes card UIDs and so cannot work without the site key; the agent refuses
   * a configuration that has such a device but no {@code siteKey}.
   */
  default boolean needsSiteKey() {
    return false;
  }
}
