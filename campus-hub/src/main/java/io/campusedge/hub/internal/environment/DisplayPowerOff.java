package io.campusedge.hub.internal.environment;

/**
 * Switches a display off through its gateway: what {@link AlertRules} asks for when a projector or
 * board is left on and {@code campusedge.environment.display-auto-power-off} is set.
 */
@FunctionalInterface
public interface DisplayPowerOff {
  /** Returns how it went, in words for the alert's detail (sent, or why not). */
  String switchOff(String gatewayId, String deviceId);
}
