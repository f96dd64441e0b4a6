package io.campusedge.drivers.display.board;

import java.time.Duration;
import java.time.ZoneId;

/**
 * One board: its command profile, how to reach it ({@code link} says TCP or serial), its display id
 * (for protocols that address displays on a shared line), the reply timeout and the school's time
 * zone for usage totals.
 */
record BoardConfig(
    String deviceId,
    BoardProfile profile,
    String linkDescription,
    int displayId,
    Duration timeout,
    ZoneId zone,
    Duration pollInterval) {}
