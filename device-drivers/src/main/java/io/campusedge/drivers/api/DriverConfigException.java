package io.campusedge.drivers.api;

/** A device's configuration cannot work; the message names the device and the fix. */
public class DriverConfigException extends Exception {
  public DriverConfigException(String message) {
    super(message);
  }
}
