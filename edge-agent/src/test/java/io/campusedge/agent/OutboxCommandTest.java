package io.campusedge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campusedge.agent.internal.outbox.H2Outbox;
import io.campusedge.agent.internal.outbox.Lane;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.ClockState;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code outbox stats} and {@code outbox export} on a real outbox written by H2Outbox. */
class OutboxCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeOutbox() throws Exception {
    try (H2Outbox outbox = H2Outbox.open(dir.resolve("outbox"), Clock.systemUTC(), "cli-test")) {
      for (int i = 0; i < 3; i++) {
        outbox.append(Lane.TELEMETRY, reading(400 + i)).get();
      }
      outbox
          .append(
              Lane.ATTENDANCE,
              Record.newBuilder()
                  .setCardTap(
                      CardTap.newBuilder()
                          .setReaderId("a101-door")
                          .setCardRef(com.google.protobuf.ByteString.copyFromUtf8("hmac-ref")))
                  .build())
          .get();
    }
  }

  private static Record reading(double value) {
    return Record.newBuilder()
        .setClock(ClockState.newBuilder().setBootId("boot-1").setMonotonicMs(5))
        .setReading(
            Reading.newBuilder().setDeviceId("a101-climate").setMetric("co2").setDoubleValue(value))
        .build();
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new AgentCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void statsPerLane() throws Exception {
    assertThat(run("outbox", "stats", "--data-dir", dir.toString(), "--json")).isZero();
    JsonNode s = new ObjectMapper().readTree(out.toString());
    assertThat(s.path("pendingRecords").asLong()).isEqualTo(4);
    assertThat(s.path("lanes").path("telemetry").path("pendingRecords").asLong()).isEqualTo(3);
    assertThat(s.path("lanes").path("telemetry").path("oldestSeq").asLong()).isEqualTo(1);
    assertThat(s.path("lanes").path("attendance").path("newestSeq").asLong()).isEqualTo(4);
    out.getBuffer().setLength(0);
    assertThat(run("outbox", "stats", "--data-dir", dir.toString())).isZero();
    assertThat(out.toString())
        .contains("4 record(s) waiting (attendance 1, events 0, telemetry 3)");
  }

  @Test
  void exportJsonLinesLeavesTheOutboxAlone() throws Exception {
    Path file = dir.resolve("usb/export.jsonl");
    Files.createDirectories(file.getParent());
    assertThat(run("outbox", "export", "--data-dir", dir.toString(), "--out", file.toString()))
        .isZero();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(4);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("seq").asText()).isEqualTo("1");
    assertThat(first.path("lane").asText()).isEqualTo("telemetry");
    assertThat(first.path("record").path("reading").path("metric").asText()).isEqualTo("co2");
    assertThat(lines.get(3)).contains("\"cardRef\":\"aG1hYy1yZWY=\"");
    out.getBuffer().setLength(0);
    run("outbox", "stats", "--data-dir", dir.toString(), "--json");
    assertThat(new ObjectMapper().readTree(out.toString()).path("pendingRecords").asLong())
        .isEqualTo(4);
  }

  @Test
  void exportProtobufDelimitedByLaneAndFromSeq() throws Exception {
    Path file = dir.resolve("telemetry.pb");
    int code =
        run(
            "outbox",
            "export",
            "--data-dir",
            dir.toString(),
            "--out",
            file.toString(),
            "--format",
            "protobuf-delimited",
            "--lane",
            "telemetry",
            "--from-seq",
            "1");
    assertThat(code).isZero();
    try (InputStream in = Files.newInputStream(file)) {
      Record a = Record.parseDelimitedFrom(in);
      Record b = Record.parseDelimitedFrom(in);
      assertThat(Record.parseDelimitedFrom(in)).isNull();
      assertThat(List.of(a.getReading().getDoubleValue(), b.getReading().getDoubleValue()))
          .containsExactly(401.0, 402.0);
    }
  }

  @Test
  void usageErrorsAndMissingOutbox() {
    assertThat(
            run("outbox", "export", "--data-dir", dir.toString(), "--out", "x", "--format", "xml"))
        .isEqualTo(2);
    assertThat(run("outbox", "stats")).isEqualTo(2);
    assertThat(run("outbox", "stats", "--data-dir", dir.resolve("none").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("there is no outbox file");
  }
}
