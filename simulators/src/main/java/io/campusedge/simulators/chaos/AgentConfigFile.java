package io.campusedge.simulators.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An {@code agent.yaml} for a fault test: one simulated classroom sensor (6 readings a poll). */
public final class AgentConfigFile {
  private AgentConfigFile() {}

  public static Path write(
      Path file, String gateway, String password, Path dataDir, String brokerUrl, String poll)
      throws IOException {
    return write(file, gateway, password, dataDir, brokerUrl, poll, "");
  }

  /** {@code uplinkExtra}: more {@code uplink:} lines, each indented by two spaces and ended. */
  public static Path write(
      Path file,
      String gateway,
      String password,
      Path dataDir,
      String brokerUrl,
      String poll,
      String uplinkExtra)
      throws IOException {
    String yaml =
        """
        site: %s
        gatewayId: %s
        dataDir: %s
        broker:
          url: %s
          username: %s
          password: %s
        rooms:
          - id: A101
            name: "Lớp 10A1"
        devices:
          - id: %s-climate
            type: simulated-climate
            pollInterval: %s
            params: { seed: 6, students: 40 }
        uplink:
          maxBatchRecords: 100
          linger: 50ms
          ackTimeout: 3s
          reconnectMaxDelay: 1s
        %sclock:
          assumeSynced: true
        """
            .formatted(
                HubUnderTest.SITE,
                gateway,
                dataDir,
                brokerUrl,
                gateway,
                password,
                gateway,
                poll,
                uplinkExtra);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return file;
  }
}
