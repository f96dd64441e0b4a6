package io.campusedge.agent.internal.uplink;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An embedded HiveMQ CE broker on a free port, with its folders under a test directory. A stopped
 * HiveMQ instance cannot start again (its metrics stay registered), so a restart builds a new
 * instance on the same port and folders.
 */
final class TestBroker implements AutoCloseable {
  private final Path dir;
  private final int port;
  private EmbeddedHiveMQ hivemq;

  TestBroker(Path dir) throws IOException {
    this(dir, "", "");
  }

  /** {@code extraListeners} and {@code mqtt} are HiveMQ config.xml fragments. */
  TestBroker(Path dir, String extraListeners, String mqtt) throws IOException {
    this.dir = dir;
    this.port = freePort();
    Path config = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        config.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
            %s
          </listeners>
          <mqtt>%s</mqtt>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port, extraListeners, mqtt));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  void start() throws Exception {
    hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(dir.resolve("conf"))
            .withDataFolder(Files.createDirectories(dir.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
            .withoutLoggingBootstrap()
            .build();
    hivemq.start().get(60, TimeUnit.SECONDS);
  }

  void stop() throws Exception {
    if (hivemq != null) {
      hivemq.stop().get(60, TimeUnit.SECONDS);
      hivemq.close();
      hivemq = null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
