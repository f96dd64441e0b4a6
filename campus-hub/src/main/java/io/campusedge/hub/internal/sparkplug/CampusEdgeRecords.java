package io.campusedge.hub.internal.sparkplug;

import com.google.protobuf.ByteString;
import io.campusedge.protos.sparkplug.CampusEdgeMetrics;
import io.campusedge.protos.sparkplug.SparkplugB.Payload;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.PropertySet;
import io.campusedge.protos.sparkplug.SparkplugB.Payload.PropertyValue;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.DeviceStatus;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.SeqRange;
import io.campusedge.protos.v1.Severity;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The metrics of a CampusEdge agent running as a Sparkplug edge node ({@link CampusEdgeMetrics})
 * turned back into the native records they came from: the outbox seq of each, card taps, equipment
 * events and device statuses; readings go through {@link SparkplugReadings} like any node's.
 */
final class CampusEdgeRecords {
  private CampusEdgeRecords() {}

  /** The {@link CampusEdgeMetrics#SEQ_PROPERTY} of a metric; empty when it is not a record. */
  static Optional<Long> seq(Payload.Metric metric) {
    return property(metric, CampusEdgeMetrics.SEQ_PROPERTY).map(CampusEdgeRecords::longOf);
  }

  /**
   * The record of a CampusEdge-named metric of {@code deviceId}; empty for other names (readings)
   * and for values that do not parse.
   */
  static Optional<Record.Builder> special(String deviceId, String name, Payload.Metric metric) {
    long time = metric.getTimestamp();
    switch (name) {
      case CampusEdgeMetrics.CARD_TAP -> {
        return cardTap(deviceId, metric, time);
      }
      case CampusEdgeMetrics.EQUIPMENT_EVENT -> {
        return Optional.of(Record.newBuilder().setEquipmentEvent(equipmentEvent(deviceId, metric)));
      }
      case CampusEdgeMetrics.DEVICE_REACHABLE -> {
        DeviceStatus.Builder status =
            DeviceStatus.newBuilder()
                .setDeviceId(deviceId)
                .setSourceTimeMs(time)
                .setReachable(metric.getBooleanValue());
        text(metric, CampusEdgeMetrics.ERROR_PROPERTY).ifPresent(status::setError);
        return Optional.of(Record.newBuilder().setDeviceStatus(status));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  static boolean isSpecial(String name) {
    return name.equals(CampusEdgeMetrics.CARD_TAP)
        || name.equals(CampusEdgeMetrics.EQUIPMENT_EVENT)
        || name.equals(CampusEdgeMetrics.DEVICE_REACHABLE);
  }

  private static Optional<Record.Builder> cardTap(
      String deviceId, Payload.Metric metric, long time) {
    byte[] reference;
    try {
      reference = HexFormat.of().parseHex(metric.getStringValue());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    CardTap.Builder tap =
        CardTap.newBuilder()
            .setReaderId(deviceId)
            .setCardRef(ByteString.copyFrom(reference))
            .setSourceTimeMs(time);
    text(metric, CampusEdgeMetrics.KEY_ID_PROPERTY).ifPresent(tap::setKeyId);
    return Optional.of(Record.newBuilder().setCardTap(tap));
  }

  private static EquipmentEvent.Builder equipmentEvent(String deviceId, Payload.Metric metric) {
    EquipmentEvent.Builder event =
        EquipmentEvent.newBuilder()
            .setDeviceId(deviceId)
            .setSourceTimeMs(metric.getTimestamp())
            .setKind(enumOf(EquipmentEventKind.class, metric.getStringValue()));
    text(metric, "state").ifPresent(event::setState);
    text(metric, "previousState").ifPresent(event::setPreviousState);
    text(metric, "alarmCode").ifPresent(event::setAlarmCode);
    text(metric, "severity").ifPresent(s -> event.setSeverity(enumOf(Severity.class, s)));
    text(metric, "message").ifPresent(event::setMessage);
    text(metric, "runId").ifPresent(event::setRunId);
    property(metric, "attributes")
        .filter(PropertyValue::hasPropertysetValue)
        .ifPresent(
            value -> {
              PropertySet attributes = value.getPropertysetValue();
              int count = Math.min(attributes.getKeysCount(), attributes.getValuesCount());
              for (int i = 0; i < count; i++) {
                event.putAttributes(
                    attributes.getKeys(i), attributes.getValues(i).getStringValue());
              }
            });
    return event;
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return type.getEnumConstants()[0];
    }
  }

  /** {@code "first-last[,first-last…]"}; malformed parts are left out. */
  static List<SeqRange> evictedRanges(String text) {
    List<SeqRange> ranges = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] ends = part.trim().split("-");
      if (ends.length != 2) {
        continue;
      }
      try {
        long first = Long.parseLong(ends[0]);
        long last = Long.parseLong(ends[1]);
        if (first > 0 && last >= first) {
          ranges.add(SeqRange.newBuilder().setFirst(first).setLast(last).build());
        }
      } catch (NumberFormatException e) {
        // left out, as documented
      }
    }
    return ranges;
  }

  private static Optional<String> text(Payload.Metric metric, String key) {
    return property(metric, key).filter(PropertyValue::hasStringValue).map(v -> v.getStringValue());
  }

  private static Optional<PropertyValue> property(Payload.Metric metric, String key) {
    if (!metric.hasProperties()) {
      return Optional.empty();
    }
    PropertySet properties = metric.getProperties();
    int count = Math.min(properties.getKeysCount(), properties.getValuesCount());
    for (int i = 0; i < count; i++) {
      if (properties.getKeys(i).equals(key)) {
        return Optional.of(properties.getValues(i));
      }
    }
    return Optional.empty();
  }

  private static long longOf(PropertyValue value) {
    return value.getValueCase() == PropertyValue.ValueCase.LONG_VALUE
        ? value.getLongValue()
        : Integer.toUnsignedLong(value.getIntValue());
  }
}
