package io.campusedge.protos.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the encoding of released messages. If a field is renumbered or retyped, the bytes change and
 * these tests fail: that would break every deployed gateway, so add a new field instead.
 */
class GoldenBytesTest {

  static Batch sampleBatch() {
    ClockState clock =
        ClockState.newBuilder().setSynced(true).setBootId("b00t").setMonotonicMs(61_000).build();
    return Batch.newBuilder()
        .setSite("THPT-NT")
        .setGatewayId("gw-a101")
        .setEpoch(1_764_000_000_000L)
        .setSentTimeMs(1_764_000_123_456L)
        .addRecords(
            Record.newBuilder()
                .setSeq(41)
                .setClock(clock)
                .setReading(
                    Reading.newBuilder()
                        .setDeviceId("a101-scd41")
                        .setMetric("co2")
                        .setSourceTimeMs(1_764_000_120_000L)
                        .setDoubleValue(856.0)
                        .setUnit("[ppm]")
                        .setQuality(Quality.QUALITY_GOOD)))
        .addRecords(
            Record.newBuilder()
                .setSeq(42)
                .setClock(clock)
                .setReading(
                    Reading.newBuilder()
                        .setDeviceId("a101-pir")
                        .setMetric("occupancy")
                        .setSourceTimeMs(1_764_000_120_500L)
                        .setIntValue(-1)
                        .setUnit("1")
                        .setQuality(Quality.QUALITY_BAD)
                        .setQualityReason("GPIO 17 not readable")))
        .addRecords(
            Record.newBuilder()
                .setSeq(43)
                .setClock(clock)
                .setCardTap(
                    CardTap.newBuilder()
                        .setReaderId("a101-door")
                        .setCardRef(ByteString.copyFrom(new byte[] {1, 2, 3, 4}))
                        .setSourceTimeMs(1_764_000_121_000L)
                        .setKeyId("k1")))
        .addRecords(
            Record.newBuilder()
                .setSeq(44)
                .setClock(clock)
                .setEquipmentEvent(
                    EquipmentEvent.newBuilder()
                        .setDeviceId("a101-projector")
                        .setSourceTimeMs(1_764_000_122_000L)
                        .setKind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED)
                        .setState("on")
                        .setPreviousState("standby")
                        .setSeverity(Severity.SEVERITY_INFO)))
        .addRecords(
            Record.newBuilder()
                .setSeq(45)
                .setClock(clock)
                .setDeviceStatus(
                    DeviceStatus.newBuilder()
                        .setDeviceId("a101-bh1750")
                        .setSourceTimeMs(1_764_000_123_000L)
                        .setReachable(false)
                        .setError("I2C bus 1: no device at 0x23")))
        .build();
  }

  static Ack sampleAck() {
    return Ack.newBuilder()
        .setEpoch(1_764_000_000_000L)
        .setUptoSeq(45)
        .setCommittedTimeMs(1_764_000_124_000L)
        .build();
  }

  @Test
  void batchEncodingIsPinned() throws IOException {
    assertThat(hex(sampleBatch().toByteArray())).isEqualTo(golden("sample-batch.hex"));
  }

  @Test
  void goldenBatchDecodesToTheSameMessage() throws IOException {
    Batch decoded = Batch.parseFrom(HexFormat.of().parseHex(golden("sample-batch.hex")));
    assertThat(decoded).isEqualTo(sampleBatch());
    assertThat(decoded.getRecords(1).getReading().getIntValue()).isEqualTo(-1);
    assertThat(decoded.getRecords(2).getCardTap().getCardRef().toByteArray())
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  void ackEncodingIsPinned() throws IOException {
    assertThat(hex(sampleAck().toByteArray())).isEqualTo(golden("sample-ack.hex"));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = GoldenBytesTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }
}
