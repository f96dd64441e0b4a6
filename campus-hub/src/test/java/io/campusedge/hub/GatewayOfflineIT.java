package io.campusedge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campusedge.hub.api.HubProperties;
import io.campusedge.hub.api.RunningHub;
import io.campusedge.protos.v1.GatewayState;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose will never arrives (it stops talking but its death is never published) is marked
 * offline within two heartbeat intervals; one that keeps sending data stays online; data brings a
 * silent gateway back.
 */
class GatewayOfflineIT {
  private static final String SITE = "s1";
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);

  @TempDir Path dir;
  private RunningHub hub;
  private TestGateway quiet;
  private TestGateway chatty;
  private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() throws Exception {
    sender.shutdownNow();
    for (TestGateway gateway : new TestGateway[] {quiet, chatty}) {
      if (gateway != null) {
        gateway.close();
      }
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aSilentGatewayIsMarkedOfflineWithinTwoHeartbeatsAndDataBringsItBack() throws Exception {
    int port = freePort();
    hub =
        CampusHub.start(
            Map.of(
                HubProperties.DATA_DIR,
                dir.toString(),
                HubProperties.HTTP_PORT,
                -1,
                HubProperties.BROKER_PORT,
                port,
                HubProperties.BROKER_BIND_ADDRESS,
                "127.0.0.1",
                HubProperties.PASSWORD_HASH_ITERATIONS,
                10_000,
                "campusedge.gateways.heartbeat-interval",
                "1s",
                HubProperties.BOOTSTRAP_GATEWAYS,
                List.of(
                    Map.of("id", "gw-q", "site", SITE, "password", "secret-q"),
                    Map.of("id", "gw-c", "site", SITE, "password", "secret-c"))));
    quiet = TestGateway.connect(port, SITE, "gw-q", "secret-q");
    chatty = TestGateway.connect(port, SITE, "gw-c", "secret-c");
    quiet.publishState(birth("gw-q"));
    chatty.publishState(birth("gw-c"));
    GatewayStream chattyStream = new GatewayStream(chatty, 3, 1_000, 1);
    sender.scheduleWithFixedDelay(
        () -> {
          try {
            chattyStream.publishNext(1);
          } catch (Exception e) {
            // the test's end closes the client
          }
        },
        0,
        300,
        TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> online("gw-q") && online("gw-c"));
    long silentSince = System.nanoTime();

    // gw-q says nothing more and no will arrives (its connection stays open).
    await().atMost(Duration.ofSeconds(15)).until(() -> !online("gw-q"));
    Duration silence = Duration.ofNanos(System.nanoTime() - silentSince);

    assertThat(online("gw-c")).as("a gateway sending data stays online").isTrue();
    // Two heartbeats, plus the check's period (a quarter) and the hub's start-up grace.
    assertThat(silence).isGreaterThanOrEqualTo(HEARTBEAT.multipliedBy(2).minusMillis(300));

    quiet.publishBatch(new GatewayStream(quiet, 3, 1, 1).firstBatch());
    await().atMost(Duration.ofSeconds(10)).until(() -> online("gw-q"));
  }

  private static GatewayState birth(String id) {
    return GatewayState.newBuilder()
        .setOnline(true)
        .setSite(SITE)
        .setGatewayId(id)
        .setEpoch(3)
        .build();
  }

  private boolean online(String gatewayId) throws Exception {
    DataSource dataSource = hub.applicationContext().getBean(DataSource.class);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT online FROM gateway_status WHERE gateway_id = ?")) {
      select.setString(1, gatewayId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
