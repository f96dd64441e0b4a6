package io.campusedge.drivers.lab.opcua;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One OPC UA instrument server: its endpoint, how to secure the channel and who to log in as, how
 * often the server samples and publishes, and the nodes to watch.
 */
record OpcUaConfig(
    String deviceId,
    String endpointUrl,
    SecurityMode security,
    Optional<Certificates> certificates,
    Optional<String> username,
    Optional<Path> passwordFile,
    Duration publishingInterval,
    Duration samplingInterval,
    Duration requestTimeout,
    List<OpcUaPoint> points) {

  OpcUaConfig {
    points = List.copyOf(points);
  }

  /**
   * The gateway's application instance certificate and key (PEM files) and the trust-list folder
   * whose {@code trusted/} holds the server certificates it accepts and {@code rejected/} receives
   * the ones it refused.
   */
  record Certificates(Path certificate, Path privateKey, Path trustList) {}
}
