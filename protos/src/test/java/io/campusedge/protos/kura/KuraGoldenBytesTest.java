package io.campusedge.protos.kura;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.campusedge.protos.kura.Kura.KuraPayload;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the KuraPayload encoding to Kura's field numbers (metric 5000, body 5001). Expected bytes
 * were encoded by hand from the protobuf wire rules, not by this library.
 */
class KuraGoldenBytesTest {

  static final String PAYLOAD_HEX =
      "0880d0dfb4ab33"
          + "1219099eefa7c64b07354011910f7a36ab765a403880d0dfb4ab33"
          + "c2b802180a0b74656d70657261747572651000190000000000403640"
          + "c2b802140a05636f756e74100330feffffffffffffffff01"
          + "cab802026869";

  static KuraPayload payload() {
    return KuraPayload.newBuilder()
        .setTimestamp(1_764_000_000_000L)
        .setPosition(
            KuraPayload.KuraPosition.newBuilder()
                .setLatitude(21.0285)
                .setLongitude(105.8542)
                .setTimestamp(1_764_000_000_000L))
        .addMetric(
            KuraPayload.KuraMetric.newBuilder()
                .setName("temperature")
                .setType(KuraPayload.KuraMetric.ValueType.DOUBLE)
                .setDoubleValue(22.25))
        .addMetric(
            KuraPayload.KuraMetric.newBuilder()
                .setName("count")
                .setType(KuraPayload.KuraMetric.ValueType.INT32)
                .setIntValue(-2))
        .setBody(ByteString.copyFromUtf8("hi"))
        .build();
  }

  @Test
  void encodesToKurasFieldNumbers() {
    assertThat(HexFormat.of().formatHex(payload().toByteArray())).isEqualTo(PAYLOAD_HEX);
  }

  @Test
  void handEncodedPayloadParses() throws InvalidProtocolBufferException {
    KuraPayload parsed = KuraPayload.parseFrom(HexFormat.of().parseHex(PAYLOAD_HEX));

    assertThat(parsed).isEqualTo(payload());
    assertThat(parsed.getMetric(1).getIntValue()).isEqualTo(-2);
  }

  @Test
  void garbageIsRejected() {
    byte[] garbage = HexFormat.of().parseHex("c2b802ff");

    assertThatThrownBy(() -> KuraPayload.parseFrom(garbage))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }
}
