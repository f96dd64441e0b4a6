package io.campusedge.hub.internal.sparkplug;

import io.campusedge.protos.sparkplug.CampusEdgeMetrics;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Turns one Sparkplug metric into a CampusEdge reading. Scalars only: arrays, data sets, templates,
 * files and bytes have no reading form and are left out (counted by the caller).
 */
final class SparkplugReadings {
  // Sparkplug 3.0, Payloads, Quality Codes: the "Quality" property of a metric.
  static final String QUALITY_PROPERTY = "Quality";
  static final int QUALITY_BAD = 0;
  static final int QUALITY_GOOD = 192;
  static final int QUALITY_STALE = 500;
  // Not in the specification, but what Ignition and Tahu-based nodes put units in.
  static final String UNIT_PROPERTY = "engUnit";

  private SparkplugReadings() {}

  /** Metrics that describe the session or carry commands, never readings. */
  static boolean isControl(String name) {
    return name.equals("bdSeq")
        || name.startsWith("Node Control/")
        || name.startsWith("Device Control/")
        || name.startsWith("Properties/");
  }

  /**
   * The reading of {@code metric} (named {@code name}, of {@code datatype} from the birth when the
   * metric leaves it out); empty for values that are not scalars.
   */
  static Optional<Reading> reading(
      String deviceId, String name, int datatype, Payload.Metric metric, long fallbackTimeMs) {
    Reading.Builder reading =
        Reading.newBuilder()
            .setDeviceId(deviceId)
            .setMetric(name)
            .setSourceTimeMs(metric.hasTimestamp() ? metric.getTimestamp() : fallbackTimeMs);
    if (metric.getIsNull()) {
      // The unit and a BAD quality with its reason still say something about the missing value.
      applyProperties(reading, metric);
      if (reading.getQuality() != Quality.QUALITY_BAD) {
        reading.setQuality(Quality.QUALITY_BAD).setQualityReason("Sparkplug metric is null");
      }
      return Optional.of(reading.build());
    }
    if (!setValue(reading, datatype, metric)) {
      return Optional.empty();
    }
    applyProperties(reading, metric);
    return Optional.of(reading.build());
  }

  // Sparkplug 3.0, Payloads, Datatype Details: which value field each datatype uses; signed 8-32
  // bit integers travel as
  // two's complement in the uint32 int_value.
  private static boolean setValue(Reading.Builder reading, int datatype, Payload.Metric metric) {
    DataType type = DataType.forNumber(datatype);
    if (type == null || type == DataType.UNKNOWN) {
      return setFromValueCase(reading, metric);
    }
    switch (type) {
      case INT8 -> reading.setIntValue((byte) metric.getIntValue());
      case INT16 -> reading.setIntValue((short) metric.getIntValue());
      case INT32 -> reading.setIntValue(integer(metric));
      case UINT8 -> reading.setIntValue(metric.getIntValue() & 0xFF);
      case UINT16 -> reading.setIntValue(metric.getIntValue() & 0xFFFF);
      case UINT32 -> reading.setIntValue(unsigned32(metric));
      case INT64, DATE_TIME -> reading.setIntValue(metric.getLongValue());
      case UINT64 -> setUnsigned64(reading, metric.getLongValue());
      case FLOAT -> reading.setDoubleValue(Double.parseDouble(Float.toString(floating(metric))));
      case DOUBLE -> reading.setDoubleValue(metric.getDoubleValue());
      case BOOLEAN -> reading.setBoolValue(metric.getBooleanValue());
      case STRING, TEXT, UUID -> reading.setStringValue(metric.getStringValue());
      default -> {
        return false;
      }
    }
    return true;
  }

  private static int integer(Payload.Metric metric) {
    return metric.getValueCase() == Payload.Metric.ValueCase.LONG_VALUE
        ? (int) metric.getLongValue()
        : metric.getIntValue();
  }

  // Written to int_value by some nodes and long_value by others.
  private static long unsigned32(Payload.Metric metric) {
    return metric.getValueCase() == Payload.Metric.ValueCase.LONG_VALUE
        ? metric.getLongValue() & 0xFFFF_FFFFL
        : Integer.toUnsignedLong(metric.getIntValue());
  }

  private static float floating(Payload.Metric metric) {
    return metric.getValueCase() == Payload.Metric.ValueCase.DOUBLE_VALUE
        ? (float) metric.getDoubleValue()
        : metric.getFloatValue();
  }

  // Above Long.MAX_VALUE a reading's sint64 cannot hold it: kept as a double instead.
  private static void setUnsigned64(Reading.Builder reading, long bits) {
    if (bits >= 0) {
      reading.setIntValue(bits);
    } else {
      reading.setDoubleValue(new BigInteger(Long.toUnsignedString(bits)).doubleValue());
    }
  }

  private static boolean setFromValueCase(Reading.Builder reading, Payload.Metric metric) {
    switch (metric.getValueCase()) {
      case INT_VALUE -> reading.setIntValue(Integer.toUnsignedLong(metric.getIntValue()));
      case LONG_VALUE -> setUnsigned64(reading, metric.getLongValue());
      case FLOAT_VALUE -> reading.setDoubleValue(metric.getFloatValue());
      case DOUBLE_VALUE -> reading.setDoubleValue(metric.getDoubleValue());
      case BOOLEAN_VALUE -> reading.setBoolValue(metric.getBooleanValue());
      case STRING_VALUE -> reading.setStringValue(metric.getStringValue());
      default -> {
        return false;
      }
    }
    return true;
  }

  private static void applyProperties(Reading.Builder reading, Payload.Metric metric) {
    reading.setQuality(Quality.QUALITY_GOOD);
    if (!metric.hasProperties()) {
      return;
    }
    Payload.PropertySet properties = metric.getProperties();
    int count = Math.min(properties.getKeysCount(), properties.getValuesCount());
    for (int i = 0; i < count; i++) {
      String key = properties.getKeys(i);
      Payload.PropertyValue value = properties.getValues(i);
      if (key.equals(QUALITY_PROPERTY) && !value.getIsNull()) {
        applyQuality(reading, qualityCode(value));
      } else if (key.equals(UNIT_PROPERTY) && value.hasStringValue()) {
        reading.setUnit(value.getStringValue());
      }
    }
    for (int i = 0; i < count; i++) {
      // After the quality it qualifies: a CampusEdge agent's own words for why.
      Payload.PropertyValue value = properties.getValues(i);
      if (properties.getKeys(i).equals(CampusEdgeMetrics.QUALITY_REASON_PROPERTY)
          && value.hasStringValue()
          && reading.getQuality() != Quality.QUALITY_GOOD) {
        reading.setQualityReason(value.getStringValue());
      }
    }
  }

  private static long qualityCode(Payload.PropertyValue value) {
    return value.getValueCase() == Payload.PropertyValue.ValueCase.LONG_VALUE
        ? value.getLongValue()
        : value.getIntValue();
  }

  private static void applyQuality(Reading.Builder reading, long code) {
    if (code == QUALITY_GOOD) {
      return;
    }
    if (code == QUALITY_STALE) {
      reading.setQuality(Quality.QUALITY_UNCERTAIN).setQualityReason("Sparkplug quality STALE");
    } else {
      reading
          .setQuality(Quality.QUALITY_BAD)
          .setQualityReason(
              code == QUALITY_BAD ? "Sparkplug quality BAD" : "Sparkplug quality " + code);
    }
  }
}
