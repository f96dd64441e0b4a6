package io.campusedge.drivers.lab.modbus;

import java.time.Duration;
import java.util.List;

/** One Modbus TCP device: where it listens, its unit id, how long to wait, and what to read. */
record ModbusConfig(
    String deviceId,
    String host,
    int port,
    int unitId,
    Duration timeout,
    List<RegisterPoint> points) {

  ModbusConfig {
    points = List.copyOf(points);
  }
}
