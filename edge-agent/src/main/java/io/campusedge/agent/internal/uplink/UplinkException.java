package io.campusedge.agent.internal.uplink;

/** A publish or subscribe did not reach the broker. */
public class UplinkException extends Exception {
  public UplinkException(String message, Throwable cause) {
    super(message, cause);
  }

  public UplinkException(String message) {
    super(message);
  }
}
