package io.campusedge.agent.internal.uplink;

import io.campusedge.protos.sparkplug.CampusEdgeMetrics;
import io.campusedge.protos.sparkplug.SparkplugB.DataType;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.Metric;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.PropertySet;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.PropertyValue;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * One outbox record as one Sparkplug metric of one device (Sparkplug 3.0, Payloads, Metric): a
 * reading is a typed metric named after its series, with the Quality and engUnit properties; a card
 * tap, an equipment event and a device status are CampusEdge-named metrics ({@link
 * CampusEdgeMetrics}). The metric carries its name and datatype; the sender swaps the name for the
 * alias after the birth.
 */
final class SparkplugRecords {
  // Sparkplug 3.0, Payloads, Quality Codes.
  static final int QUALITY_BAD = 0;
  static final int QUALITY_GOOD = 192;
  static final int QUALITY_STALE = 500;
  static final String QUALITY_PROPERTY = "Quality";
  static final String UNIT_PROPERTY = "engUnit";

  /** The device a metric belongs to, and the metric. */
  record DeviceMetric(String deviceId, Metric metric) {}

  private SparkplugRecords() {}

  /** Empty for a record without a body (nothing to send, nothing Sparkplug could say). */
  static Optional<DeviceMetric> metric(Record record) {
    return switch (record.getBodyCase()) {
      case READING -> Optional.of(reading(record.getReading()));
      case CARD_TAP -> Optional.of(cardTap(record.getCardTap()));
      case EQUIPMENT_EVENT -> Optional.of(equipmentEvent(record.getEquipmentEvent()));
      case DEVICE_STATUS -> Optional.of(deviceStatus(record.getDeviceStatus()));
      case BODY_NOT_SET -> Optional.empty();
    };
  }

  private static DeviceMetric reading(Reading reading) {
    Metric.Builder metric =
        Metric.newBuilder().setName(reading.getMetric()).setTimestamp(reading.getSourceTimeMs());
    switch (reading.getValueCase()) {
      case DOUBLE_VALUE ->
          metric.setDatatype(DataType.DOUBLE_VALUE).setDoubleValue(reading.getDoubleValue());
      case INT_VALUE ->
          metric.setDatatype(DataType.INT64_VALUE).setLongValue(reading.getIntValue());
      case BOOL_VALUE ->
          metric.setDatatype(DataType.BOOLEAN_VALUE).setBooleanValue(reading.getBoolValue());
      case STRING_VALUE ->
          metric.setDatatype(DataType.STRING_VALUE).setStringValue(reading.getStringValue());
      case VALUE_NOT_SET -> metric.setDatatype(DataType.DOUBLE_VALUE).setIsNull(true);
    }
    PropertySet.Builder properties =
        PropertySet.newBuilder().addKeys(QUALITY_PROPERTY).addValues(int32(quality(reading)));
    if (!reading.getUnit().isEmpty()) {
      properties.addKeys(UNIT_PROPERTY).addValues(string(reading.getUnit()));
    }
    if (!reading.getQualityReason().isEmpty()) {
      properties
          .addKeys(CampusEdgeMetrics.QUALITY_REASON_PROPERTY)
          .addValues(string(reading.getQualityReason()));
    }
    return new DeviceMetric(reading.getDeviceId(), metric.setProperties(properties).build());
  }

  private static int quality(Reading reading) {
    return switch (reading.getQuality()) {
      case QUALITY_BAD -> QUALITY_BAD;
      case QUALITY_UNCERTAIN -> QUALITY_STALE;
      default -> QUALITY_GOOD;
    };
  }

  // The hashed reference only: the card's UID never reaches the outbox, let alone the broker.
  private static DeviceMetric cardTap(CardTap tap) {
    PropertySet.Builder properties = PropertySet.newBuilder();
    if (!tap.getKeyId().isEmpty()) {
      properties.addKeys(CampusEdgeMetrics.KEY_ID_PROPERTY).addValues(string(tap.getKeyId()));
    }
    Metric metric =
        Metric.newBuilder()
            .setName(CampusEdgeMetrics.CARD_TAP)
            .setTimestamp(tap.getSourceTimeMs())
            .setDatatype(DataType.STRING_VALUE)
            .setStringValue(HexFormat.of().formatHex(tap.getCardRef().toByteArray()))
            .setProperties(properties)
            .build();
    return new DeviceMetric(tap.getReaderId(), metric);
  }

  private static DeviceMetric equipmentEvent(EquipmentEvent event) {
    PropertySet.Builder properties = PropertySet.newBuilder();
    putIfSet(properties, "state", event.getState());
    putIfSet(properties, "previousState", event.getPreviousState());
    putIfSet(properties, "alarmCode", event.getAlarmCode());
    putIfSet(
        properties, "severity", event.getSeverityValue() == 0 ? "" : event.getSeverity().name());
    putIfSet(properties, "message", event.getMessage());
    putIfSet(properties, "runId", event.getRunId());
    if (event.getAttributesCount() > 0) {
      PropertySet.Builder attributes = PropertySet.newBuilder();
      for (Map.Entry<String, String> entry : event.getAttributesMap().entrySet()) {
        attributes.addKeys(entry.getKey()).addValues(string(entry.getValue()));
      }
      properties
          .addKeys("attributes")
          .addValues(
              PropertyValue.newBuilder()
                  .setType(DataType.PROPERTY_SET_VALUE)
                  .setPropertysetValue(attributes));
    }
    Metric metric =
        Metric.newBuilder()
            .setName(CampusEdgeMetrics.EQUIPMENT_EVENT)
            .setTimestamp(event.getSourceTimeMs())
            .setDatatype(DataType.STRING_VALUE)
            .setStringValue(event.getKind().name())
            .setProperties(properties)
            .build();
    return new DeviceMetric(event.getDeviceId(), metric);
  }

  private static DeviceMetric deviceStatus(DeviceStatus status) {
    PropertySet.Builder properties = PropertySet.newBuilder();
    putIfSet(properties, CampusEdgeMetrics.ERROR_PROPERTY, status.getError());
    Metric metric =
        Metric.newBuilder()
            .setName(CampusEdgeMetrics.DEVICE_REACHABLE)
            .setTimestamp(status.getSourceTimeMs())
            .setDatatype(DataType.BOOLEAN_VALUE)
            .setBooleanValue(status.getReachable())
            .setProperties(properties)
            .build();
    return new DeviceMetric(status.getDeviceId(), metric);
  }

  private static void putIfSet(PropertySet.Builder properties, String key, String value) {
    if (!value.isEmpty()) {
      properties.addKeys(key).addValues(string(value));
    }
  }

  static PropertyValue string(String value) {
    return PropertyValue.newBuilder().setType(DataType.STRING_VALUE).setStringValue(value).build();
  }

  static PropertyValue int32(int value) {
    return PropertyValue.newBuilder().setType(DataType.INT32_VALUE).setIntValue(value).build();
  }

  static PropertyValue uint64(long value) {
    return PropertyValue.newBuilder().setType(DataType.UINT64_VALUE).setLongValue(value).build();
  }
}
