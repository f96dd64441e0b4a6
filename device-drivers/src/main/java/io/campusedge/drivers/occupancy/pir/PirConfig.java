package io.campusedge.drivers.occupancy.pir;

import io.campusedge.drivers.bus.Pull;
import java.time.Duration;

/**
 * A PIR module's output on GPIO {@code bcmPin} (active high unless {@code activeLow}), with the
 * debounce and hold times of {@link MotionDetector}.
 */
record PirConfig(
    String deviceId, int bcmPin, Pull pull, boolean activeLow, Duration debounce, Duration hold) {}
