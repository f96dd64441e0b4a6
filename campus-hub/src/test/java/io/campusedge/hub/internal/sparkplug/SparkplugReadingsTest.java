package io.campusedge.hub.internal.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sparkplug 3.0 Datatype Details (value field per datatype) and Quality Codes. */
class SparkplugReadingsTest {

  private static Optional<Reading> read(int datatype, Payload.Metric.Builder metric) {
    return SparkplugReadings.reading("dev", "m", datatype, metric.build(), 42L);
  }

  @Test
  void signedSmallIntegersAreTwosComplementInTheUint32Field() {
    assertThat(read(DataType.INT8_VALUE, Payload.Metric.newBuilder().setIntValue(0xFFFFFFFB)))
        .get()
        .extracting(Reading::getIntValue)
        .isEqualTo(-5L);
    assertThat(read(DataType.INT16_VALUE, Payload.Metric.newBuilder().setIntValue(0xFFFF8000)))
        .get()
        .extracting(Reading::getIntValue)
        .isEqualTo(-32768L);
    assertThat(read(DataType.UINT16_VALUE, Payload.Metric.newBuilder().setIntValue(0xFFFF)))
        .get()
        .extracting(Reading::getIntValue)
        .isEqualTo(65535L);
    assertThat(read(DataType.UINT32_VALUE, Payload.Metric.newBuilder().setIntValue(-1)))
        .get()
        .extracting(Reading::getIntValue)
        .isEqualTo(4_294_967_295L);
  }

  @Test
  void uint64BeyondLongIsKeptAsADouble() {
    Reading reading =
        read(DataType.UINT64_VALUE, Payload.Metric.newBuilder().setLongValue(-1L)).orElseThrow();

    assertThat(reading.getValueCase()).isEqualTo(Reading.ValueCase.DOUBLE_VALUE);
    assertThat(reading.getDoubleValue()).isEqualTo(1.8446744073709552E19);
  }

  @Test
  void floatKeepsItsDecimalDigits() {
    assertThat(read(DataType.FLOAT_VALUE, Payload.Metric.newBuilder().setFloatValue(21.3f)))
        .get()
        .extracting(Reading::getDoubleValue)
        .isEqualTo(21.3);
  }

  @Test
  void qualityPropertyMapsToReadingQuality() {
    Reading stale = read(DataType.DOUBLE_VALUE, withQuality(500)).orElseThrow();
    Reading bad = read(DataType.DOUBLE_VALUE, withQuality(0)).orElseThrow();
    Reading good = read(DataType.DOUBLE_VALUE, withQuality(192)).orElseThrow();

    assertThat(stale.getQuality()).isEqualTo(Quality.QUALITY_UNCERTAIN);
    assertThat(bad.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(good.getQuality()).isEqualTo(Quality.QUALITY_GOOD);
  }

  @Test
  void nullMetricIsABadReadingWithoutValue() {
    Reading reading =
        read(DataType.DOUBLE_VALUE, Payload.Metric.newBuilder().setIsNull(true)).orElseThrow();

    assertThat(reading.getValueCase()).isEqualTo(Reading.ValueCase.VALUE_NOT_SET);
    assertThat(reading.getQuality()).isEqualTo(Quality.QUALITY_BAD);
    assertThat(reading.getSourceTimeMs()).isEqualTo(42L);
  }

  @Test
  void nonScalarsHaveNoReading() {
    assertThat(
            read(
                DataType.DATA_SET_VALUE,
                Payload.Metric.newBuilder()
                    .setDatasetValue(Payload.DataSet.newBuilder().setNumOfColumns(1))))
        .isEmpty();
    assertThat(read(DataType.INT32_ARRAY_VALUE, Payload.Metric.newBuilder())).isEmpty();
  }

  private static Payload.Metric.Builder withQuality(int code) {
    return Payload.Metric.newBuilder()
        .setDoubleValue(1.0)
        .setProperties(
            Payload.PropertySet.newBuilder()
                .addKeys("Quality")
                .addValues(
                    Payload.PropertyValue.newBuilder()
                        .setType(DataType.INT32_VALUE)
                        .setIntValue(code)));
  }
}
