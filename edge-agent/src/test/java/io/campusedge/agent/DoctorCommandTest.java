package io.campusedge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.internal.doctor.DoctorEnvironment;
import io.campusedge.drivers.bus.Buses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code campusedge-agent doctor}: output, --json and exit codes. */
class DoctorCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    DoctorCommand doctor =
        new DoctorCommand(
            user ->
                new DoctorEnvironment(
                    dir.resolve("root"),
                    user,
                    u -> Set.of("campusedge"),
                    () -> Optional.of(false),
                    Buses::none,
                    Clock.systemUTC(),
                    Duration.ofSeconds(2)));
    CommandLine cli = new CommandLine(doctor);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  private Path config() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path pass = dir.resolve("mqtt.pass");
    Files.writeString(pass, "secret");
    Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        """
        site: THPT-NGUYENTRAI-HN
        gatewayId: gw-a101
        dataDir: data
        broker: { url: "tcp://127.0.0.1:%d", username: gw-a101, passwordFile: mqtt.pass }
        rooms: [ { id: A101 } ]
        devices:
          - { id: a101-climate, type: bme280, room: A101, pollInterval: 10s, params: { bus: 1 } }
          - { id: a101-sim, type: simulated-climate, room: A101, pollInterval: 10s }
        """
            .formatted(closed));
    return file;
  }

  @Test
  void printsOneLinePerCheckAndFailsWithExitCodeOne() throws Exception {
    assertThat(run("--config", config().toString(), "--user", "campusedge")).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAIL  I2C bus /dev/i2c-1: missing")
        .contains("OK    device a101-sim (simulated-climate): GOOD")
        .contains("connection refused")
        .contains("FAIL  clock: not synchronised");
  }

  @Test
  void jsonIsAnArrayOfChecks() throws Exception {
    assertThat(run("--config", config().toString(), "--json")).isEqualTo(1);
    JsonNode checks = new ObjectMapper().readTree(out.toString());
    assertThat(checks.isArray()).isTrue();
    assertThat(checks.get(0).has("check")).isTrue();
    assertThat(checks.get(0).has("fix")).isTrue();
    assertThat(checks.findValuesAsText("status")).contains("OK", "FAIL");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run("--no-such-option")).isEqualTo(2);
  }
}
