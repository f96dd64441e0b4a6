package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.Record;
import java.time.Instant;
import java.util.Optional;

/** The indexed columns of a {@code record} row: what kind, from which device, when. */
record RecordSummary(String kind, Optional<String> deviceId, Optional<Instant> sourceTime) {

  /**
   * A record from a newer gateway may carry a body this hub does not know; it is stored as
   * "unknown" with its payload, so a later hub version can read it.
   */
  static RecordSummary of(Record record) {
    return switch (record.getBodyCase()) {
      case READING ->
          of("reading", record.getReading().getDeviceId(), record.getReading().getSourceTimeMs());
      case CARD_TAP ->
          of("card_tap", record.getCardTap().getReaderId(), record.getCardTap().getSourceTimeMs());
      case EQUIPMENT_EVENT ->
          of(
              "equipment_event",
              record.getEquipmentEvent().getDeviceId(),
              record.getEquipmentEvent().getSourceTimeMs());
      case DEVICE_STATUS ->
          of(
              "device_status",
              record.getDeviceStatus().getDeviceId(),
              record.getDeviceStatus().getSourceTimeMs());
      case BODY_NOT_SET -> new RecordSummary("unknown", Optional.empty(), Optional.empty());
    };
  }

  /** An id or time the columns cannot hold is left out: the payload keeps it. */
  private static RecordSummary of(String kind, String deviceId, long sourceTimeMs) {
    return new RecordSummary(
        kind,
        Optional.of(deviceId)
            .filter(id -> !id.isEmpty() && RecordColumns.fits(id, RecordColumns.DEVICE_ID)),
        Optional.of(sourceTimeMs)
            .filter(ms -> ms > 0 && RecordColumns.storableTime(ms))
            .map(Instant::ofEpochMilli));
  }
}
