package io.campusedge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.api.DriverRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration of the heartbeat, the status page and the clock check. */
class HealthSettingsConfigTest {
  private static final String BASE =
      """
      site: THPT-TEST
      gatewayId: gw-a101
      dataDir: /var/lib/campusedge
      broker:
        url: tcp://localhost:1883
      rooms:
        - id: A101
      """;

  private final AgentConfigLoader loader = new AgentConfigLoader(DriverRegistry.load());

  private AgentConfig parse(String extra) throws ConfigException {
    return loader.parse(BASE + extra, "agent.yaml", Path.of("/etc/campusedge"));
  }

  private String problemIn(String extra) {
    try {
      parse(extra);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException for:\n" + extra);
  }

  @Test
  void defaultsMatchTheHubAndListenOnThisGatewayOnly() throws ConfigException {
    AgentConfig config = parse("");

    assertThat(config.uplink().heartbeatInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.status().listen())
        .hasValueSatisfying(
            a -> {
              assertThat(a.getHostString()).isEqualTo("127.0.0.1");
              assertThat(a.getPort()).isEqualTo(8181);
            });
    assertThat(config.clock().syncCheck()).isEqualTo(AgentConfig.SyncCheck.AUTO);
    assertThat(config.clock().assumeSynced()).isFalse();
  }

  @Test
  void readsTheSettings() throws ConfigException {
    AgentConfig config =
        parse(
            """
            uplink:
              heartbeatInterval: 15s
            status:
              listen: 0.0.0.0:0
            clock:
              syncCheck: timedatectl
            """);

    assertThat(config.uplink().heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    InetSocketAddress listen = config.status().listen().orElseThrow();
    assertThat(listen.getHostString()).isEqualTo("0.0.0.0");
    assertThat(listen.getPort()).isZero();
    assertThat(config.clock().syncCheck()).isEqualTo(AgentConfig.SyncCheck.TIMEDATECTL);
  }

  @Test
  void theStatusPageCanBeSwitchedOff() throws ConfigException {
    assertThat(parse("status:\n  listen: off\n").status().listen()).isEmpty();
  }

  @Test
  void badValuesAreReportedAtTheirLine() {
    assertThat(problemIn("uplink:\n  heartbeatInterval: 500ms\n"))
        .contains(
            "agent.yaml line 9: uplink.heartbeatInterval '500ms' must be a duration of at least 1s");
    assertThat(problemIn("status:\n  listen: 8181\n"))
        .contains("agent.yaml line 9: status.listen '8181' must be address:port");
    assertThat(problemIn("status:\n  listen: localhost:99999\n")).contains("status.listen");
    assertThat(problemIn("clock:\n  syncCheck: gps\n"))
        .contains(
            "agent.yaml line 9: clock.syncCheck 'gps' must be auto, timesyncd or timedatectl");
  }
}
