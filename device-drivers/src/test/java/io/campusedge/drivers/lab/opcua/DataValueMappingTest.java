package io.campusedge.drivers.lab.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;

import io.campusedge.protos.v1.Quality;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

class DataValueMappingTest {

  @Test
  void severityBitsGiveTheQuality() {
    // OPC 10000-4 §7.39: 00 Good, 01 Uncertain, 10 Bad in the top two bits.
    assertThat(DataValueMapping.quality(StatusCode.GOOD)).isEqualTo(Quality.QUALITY_GOOD);
    assertThat(DataValueMapping.quality(new StatusCode(StatusCodes.Uncertain_LastUsableValue)))
        .isEqualTo(Quality.QUALITY_UNCERTAIN);
    assertThat(DataValueMapping.quality(new StatusCode(StatusCodes.Bad_NodeIdUnknown)))
        .isEqualTo(Quality.QUALITY_BAD);
    assertThat(DataValueMapping.quality(new StatusCode(0x80000000L)))
        .isEqualTo(Quality.QUALITY_BAD);
  }

  @Test
  void statusNamesAreTheSymbolsOfTheSpec() {
    assertThat(DataValueMapping.statusName(new StatusCode(0x80340000L)))
        .isEqualTo("Bad_NodeIdUnknown");
    assertThat(DataValueMapping.statusName(new StatusCode(0x80050000L)))
        .isEqualTo("Bad_CommunicationError");
    assertThat(DataValueMapping.statusName(new StatusCode(0x40900000L)))
        .isEqualTo("Uncertain_LastUsableValue");
  }

  @Test
  void infoBitsDoNotChangeTheName() {
    // Bad_NodeIdUnknown with the overflow bit (0x0080) and a limit bit set.
    assertThat(DataValueMapping.statusName(new StatusCode(0x80340480L)))
        .isEqualTo("Bad_NodeIdUnknown");
  }

  @Test
  void unknownCodesAreShownInHex() {
    assertThat(DataValueMapping.statusName(new StatusCode(0x80FF0000L))).isEqualTo("0x80FF0000");
  }

  @Test
  void numbersBooleansAndTextKeepTheirKind() {
    assertThat(DataValueMapping.typed(Variant.ofDouble(37.2))).contains(new UaValue.Real(37.2));
    assertThat(DataValueMapping.typed(Variant.ofFloat(5.5f))).contains(new UaValue.Real(5.5));
    assertThat(DataValueMapping.typed(Variant.ofInt32(-4))).contains(new UaValue.Whole(-4));
    assertThat(DataValueMapping.typed(Variant.ofUInt32(uint(4_000_000_000L))))
        .contains(new UaValue.Whole(4_000_000_000L));
    assertThat(DataValueMapping.typed(Variant.ofBoolean(true))).contains(new UaValue.Flag(true));
    assertThat(DataValueMapping.typed(Variant.ofString("P-42"))).contains(new UaValue.Text("P-42"));
    assertThat(DataValueMapping.typed(Variant.ofLocalizedText(LocalizedText.english("Running"))))
        .contains(new UaValue.Text("Running"));
  }

  @Test
  void uint64BeyondSint64BecomesADouble() {
    assertThat(DataValueMapping.typed(Variant.ofUInt64(ulong(-1L))))
        .contains(new UaValue.Real(18446744073709551615.0));
  }

  @Test
  void dateTimeBecomesIsoText() {
    Instant t = Instant.parse("2026-03-02T08:15:00Z");
    assertThat(DataValueMapping.typed(Variant.ofDateTime(new DateTime(t))))
        .contains(new UaValue.Text("2026-03-02T08:15:00Z"));
  }

  @Test
  void nullsAndArraysHaveNoReadingValue() {
    assertThat(DataValueMapping.typed(Variant.NULL_VALUE)).isEmpty();
    assertThat(DataValueMapping.typed(Variant.ofDoubleArray(new double[] {1, 2}))).isEmpty();
    assertThat(DataValueMapping.typeName(Variant.ofDoubleArray(new double[] {1, 2})))
        .isEqualTo("double[]");
  }

  @Test
  void writesUseTheNodesOwnType() {
    assertThat(VariantParsing.like(Variant.ofFloat(1f), "37.5")).contains(Variant.ofFloat(37.5f));
    assertThat(VariantParsing.like(Variant.ofDouble(1), "37.5")).contains(Variant.ofDouble(37.5));
    assertThat(VariantParsing.like(Variant.ofInt32(1), "1200")).contains(Variant.ofInt32(1200));
    assertThat(VariantParsing.like(Variant.ofBoolean(false), "on"))
        .contains(Variant.ofBoolean(true));
    assertThat(VariantParsing.like(Variant.ofInt32(1), "12.5")).isEmpty();
    assertThat(VariantParsing.like(Variant.ofDouble(1), "NaN")).isEmpty();
  }
}
