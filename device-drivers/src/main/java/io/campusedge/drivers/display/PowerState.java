package io.campusedge.drivers.display;

import java.util.Locale;

/**
 * The power states projectors and flat panels share. {@link #inUse()} says whether the display is
 * showing (or about to show) a picture, which is what utilisation counts.
 */
public enum PowerState {
  ON(true),
  WARMING_UP(true),
  COOLING_DOWN(false),
  STANDBY(false);

  private final boolean inUse;

  PowerState(boolean inUse) {
    this.inUse = inUse;
  }

  public boolean inUse() {
    return inUse;
  }

  /**
   * The word sent to the hub: {@code on}, {@code warming-up}, {@code cooling-down}, {@code
   * standby}.
   */
  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
