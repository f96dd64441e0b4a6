package io.campusedge.protos.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the Sparkplug B encoding to the specification's field numbers (Sparkplug 3.0.0, chapter 6
 * Payloads). The expected bytes were encoded by hand from the protobuf wire rules (tag = field << 3
 * | wire type), not by this library, so a renumbered field fails here.
 */
class SparkplugGoldenBytesTest {

  // NBIRTH: timestamp (1), metrics (2): bdSeq UInt64 3; Sensors/CO2 alias 7 Double 856.5 with a
  // Quality property 192 (Quality Codes); Temperature alias 8 Float 21.5; Offset alias 9 Int8 -5;
  // seq (3)
  // 0.
  static final String NBIRTH_HEX =
      "0880d0dfb4ab33"
          + "120b0a0562645365712008580312"
          + "330a0b53656e736f72732f434f3210071880d0dfb4ab33200a"
          + "4a100a075175616c6974791205080318c001"
          + "690000000000c48a40"
          + "12160a0b54656d706572617475726510082009650000ac41"
          + "12120a064f66667365741009200150fbffffff0f"
          + "1800";

  static Payload nbirth() {
    return Payload.newBuilder()
        .setTimestamp(1_764_000_000_000L)
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("bdSeq")
                .setDatatype(DataType.UINT64_VALUE)
                .setLongValue(3))
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("Sensors/CO2")
                .setAlias(7)
                .setTimestamp(1_764_000_000_000L)
                .setDatatype(DataType.DOUBLE_VALUE)
                .setProperties(
                    Payload.PropertySet.newBuilder()
                        .addKeys("Quality")
                        .addValues(
                            Payload.PropertyValue.newBuilder()
                                .setType(DataType.INT32_VALUE)
                                .setIntValue(192)))
                .setDoubleValue(856.5))
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("Temperature")
                .setAlias(8)
                .setDatatype(DataType.FLOAT_VALUE)
                .setFloatValue(21.5f))
        .addMetrics(
            Payload.Metric.newBuilder()
                .setName("Offset")
                .setAlias(9)
                .setDatatype(DataType.INT8_VALUE)
                .setIntValue(-5))
        .setSeq(0)
        .build();
  }

  @Test
  void nbirthEncodesToTheSpecificationsFieldNumbers() {
    assertThat(HexFormat.of().formatHex(nbirth().toByteArray())).isEqualTo(NBIRTH_HEX);
  }

  @Test
  void handEncodedNbirthParses() throws InvalidProtocolBufferException {
    Payload parsed = Payload.parseFrom(HexFormat.of().parseHex(NBIRTH_HEX));

    assertThat(parsed).isEqualTo(nbirth());
    assertThat(parsed.hasSeq()).isTrue();
    assertThat(parsed.getSeq()).isZero();
    assertThat(parsed.getMetrics(0).hasAlias()).isFalse();
    assertThat(parsed.getMetrics(1).getValueCase())
        .isEqualTo(Payload.Metric.ValueCase.DOUBLE_VALUE);
    // Int8 travels as a two's-complement uint32 (Datatype Details).
    assertThat((byte) parsed.getMetrics(3).getIntValue()).isEqualTo((byte) -5);
  }

  @Test
  void datatypeNumbersAreTheSpecifications() {
    assertThat(DataType.INT8_VALUE).isEqualTo(1);
    assertThat(DataType.UINT64_VALUE).isEqualTo(8);
    assertThat(DataType.BOOLEAN_VALUE).isEqualTo(11);
    assertThat(DataType.DATE_TIME_VALUE).isEqualTo(13);
    assertThat(DataType.TEMPLATE_VALUE).isEqualTo(19);
    assertThat(DataType.PROPERTY_SET_LIST_VALUE).isEqualTo(21);
    assertThat(DataType.DATE_TIME_ARRAY_VALUE).isEqualTo(34);
  }

  @Test
  void aMetricWithOnlyAnAliasHasNoName() throws InvalidProtocolBufferException {
    // NDATA after birth: alias (2) 7, double_value (13) 900.0, seq (3) 1.
    byte[] ndata = HexFormat.of().parseHex("120b100769" + "0000000000208c40" + "1801");

    Payload parsed = Payload.parseFrom(ndata);

    assertThat(parsed.getMetrics(0).hasName()).isFalse();
    assertThat(parsed.getMetrics(0).getAlias()).isEqualTo(7);
    assertThat(parsed.getMetrics(0).getDoubleValue()).isEqualTo(900.0);
    assertThat(parsed.getSeq()).isEqualTo(1);
  }

  @Test
  void truncatedPayloadIsRejected() {
    byte[] bytes = HexFormat.of().parseHex(NBIRTH_HEX);
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 20);

    assertThatThrownBy(() -> Payload.parseFrom(truncated))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }
}
