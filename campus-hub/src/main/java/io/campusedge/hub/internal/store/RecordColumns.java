package io.campusedge.hub.internal.store;

import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.Instant;
import java.util.Optional;

/**
 * What the columns a record's rows go to can hold: the widths in V1 ({@code reading}), V23 ({@code
 * card}, {@code card_enrolment}) and V27 ({@code equipment_state}), and PostgreSQL's timestamp
 * range (H2's is wider). A row the database refuses fails its whole group, and the gateway, never
 * acked, would send that batch for ever; so a record with an id or value beyond these is kept only
 * as its {@code record} row and payload, and counted. Free text (a quality reason, an alarm
 * message) is cut to its column instead, where it is written.
 */
final class RecordColumns {
  static final int DEVICE_ID = 128;
  static final int METRIC = 64;
  static final int UNIT = 32;
  static final int TEXT_VALUE = 1024;
  static final int QUALITY_REASON = 512;
  static final int READER_ID = 128;
  // card.card_ref holds the HMAC-SHA256 reference in hex: 32 bytes
  static final int CARD_REF_BYTES = 32;
  static final int KEY_ID = 16;
  static final int EQUIPMENT_STATE = 64;
  static final int RUN_ID = 128;
  static final int ALARM_CODE = 128;

  // PostgreSQL 15 src/include/datatype/timestamp.h: MIN_TIMESTAMP (4714-11-24 BC) and
  // END_TIMESTAMP (294277-01-01), there in microseconds since 2000, here in ms since 1970.
  static final long EARLIEST_MS = -210_866_803_200_000L;
  static final long END_MS = 9_224_318_016_000_000L;

  private RecordColumns() {}

  /** Why the record gets no rows beyond its {@code record} row, or empty when it fits. */
  static Optional<String> unfit(Record record) {
    return switch (record.getBodyCase()) {
      case READING -> unfit(record.getReading());
      case CARD_TAP -> unfit(record.getCardTap());
      case EQUIPMENT_EVENT -> unfit(record.getEquipmentEvent());
      case DEVICE_STATUS, BODY_NOT_SET -> Optional.empty(); // only the record row
    };
  }

  private static Optional<String> unfit(Reading reading) {
    return tooLong("device id", reading.getDeviceId(), DEVICE_ID)
        .or(() -> tooLong("metric", reading.getMetric(), METRIC))
        .or(() -> tooLong("unit", reading.getUnit(), UNIT))
        .or(() -> tooLong("text value", reading.getStringValue(), TEXT_VALUE))
        .or(() -> outOfRange(reading.getSourceTimeMs()));
  }

  private static Optional<String> unfit(CardTap tap) {
    if (tap.getCardRef().size() > CARD_REF_BYTES) {
      return Optional.of("card reference longer than " + CARD_REF_BYTES + " bytes");
    }
    return tooLong("reader id", tap.getReaderId(), READER_ID)
        .or(() -> tooLong("key id", tap.getKeyId(), KEY_ID))
        .or(() -> outOfRange(tap.getSourceTimeMs()));
  }

  private static Optional<String> unfit(EquipmentEvent event) {
    return tooLong("device id", event.getDeviceId(), DEVICE_ID)
        .or(() -> tooLong("state", event.getState(), EQUIPMENT_STATE))
        .or(() -> tooLong("previous state", event.getPreviousState(), EQUIPMENT_STATE))
        .or(() -> tooLong("run id", event.getRunId(), RUN_ID))
        .or(() -> tooLong("alarm code", event.getAlarmCode(), ALARM_CODE))
        .or(() -> outOfRange(event.getSourceTimeMs()));
  }

  private static Optional<String> tooLong(String what, String text, int width) {
    return fits(text, width)
        ? Optional.empty()
        : Optional.of(what + " longer than " + width + " characters");
  }

  private static Optional<String> outOfRange(long epochMs) {
    return storableTime(epochMs)
        ? Optional.empty()
        : Optional.of("source time " + Instant.ofEpochMilli(epochMs) + " out of range");
  }

  /** UTF-16 length: never less than the characters the databases count. */
  static boolean fits(String text, int width) {
    return text.length() <= width;
  }

  static boolean storableTime(long epochMs) {
    return epochMs >= EARLIEST_MS && epochMs < END_MS;
  }
}
