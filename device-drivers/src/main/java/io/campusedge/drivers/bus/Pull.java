package io.campusedge.drivers.bus;

/** Internal pull resistor of a GPIO input. */
public enum Pull {
  NONE,
  UP,
  DOWN
}
