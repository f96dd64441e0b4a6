package io.campusedge.drivers.display.pjlink;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * One projector: where it listens, its PJLink password (absent when security is off), how long to
 * wait, whether to keep the connection between commands, which class to speak ({@code 0} = ask with
 * CLSS), the UDP port for class 2 status notifications ({@code 0} = off), and the time zone of the
 * school day used for usage totals.
 */
record PjlinkConfig(
    String deviceId,
    String host,
    int port,
    Optional<String> password,
    Duration timeout,
    boolean persistent,
    int pjlinkClass,
    int notifyPort,
    ZoneId zone,
    Duration pollInterval) {

  @Override
  public String toString() {
    // The password is never printed.
    return "PjlinkConfig[" + deviceId + " " + host + ":" + port + "]";
  }
}
