package io.campusedge.simulators.bench;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An embedded HiveMQ CE broker without the hub's extension (anonymous, no ACLs) on a free loopback
 * port: the broker half of the raw baselines.
 */
final class BareBroker implements AutoCloseable {
  private final EmbeddedHiveMQ broker;
  private final int port;

  private BareBroker(EmbeddedHiveMQ broker, int port) {
    this.broker = broker;
    this.port = port;
  }

  static BareBroker start(Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        conf.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
          </listeners>
          <mqtt>
            <!-- HiveMQ drops QoS 1 messages beyond 1,000 queued for a slow subscriber by default;
                 the benchmark counts every message, so the subscriber's queue must hold a burst. -->
            <queued-messages><max-queue-size>5000000</max-queue-size></queued-messages>
          </mqtt>
          <!-- Measure the clients, not the broker's disk: sessions and queues in memory. -->
          <persistence><mode>in-memory</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port));
    EmbeddedHiveMQ broker =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(dir.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
            .withoutLoggingBootstrap()
            .build();
    broker.start().get(60, TimeUnit.SECONDS);
    return new BareBroker(broker, port);
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    broker.stop().get(60, TimeUnit.SECONDS);
    broker.close();
  }
}
