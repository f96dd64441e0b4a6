package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.EquipmentEvent;
import io.campusedge.protos.v1.EquipmentEventKind;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The same store behaviour on H2 and on (embedded) PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class JdbcRecordStoreTest {
  @Parameter TestDatabase database;
  private DataSource dataSource;
  private JdbcRecordStore store;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    store = new JdbcRecordStore(dataSource);
  }

  @Test
  void storesRecordsAndReadingsAndAdvancesUptoSeq() throws Exception {
    BatchOutcome outcome = store.store(batch(1, 1, 3));

    assertThat(outcome.uptoSeq()).isEqualTo(3);
    assertThat(outcome.stored()).isEqualTo(3);
    assertThat(outcome.duplicates()).isZero();
    assertThat(outcome.gapDetected()).isFalse();
    assertThat(outcome.newReadings()).hasSize(3);
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(3);
    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(3);
  }

  @Test
  void sameBatchTwiceIsStoredOnceAndAckedAgain() throws Exception {
    store.store(batch(1, 1, 3));

    BatchOutcome again = store.store(batch(1, 1, 3));

    assertThat(again.stored()).isZero();
    assertThat(again.duplicates()).isEqualTo(3);
    assertThat(again.uptoSeq()).isEqualTo(3);
    assertThat(again.newReadings()).isEmpty();
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(3);
    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(3);
  }

  @Test
  void overlappingBatchStoresOnlyTheNewRecords() throws Exception {
    store.store(batch(1, 1, 3));

    BatchOutcome overlap = store.store(batch(1, 2, 5));

    assertThat(overlap.stored()).isEqualTo(2);
    assertThat(overlap.duplicates()).isEqualTo(2);
    assertThat(overlap.uptoSeq()).isEqualTo(5);
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(5);
  }

  @Test
  void outOfOrderBatchIsAGapUntilTheHoleIsFilled() {
    BatchOutcome early = store.store(batch(1, 4, 6));

    assertThat(early.gapDetected()).isTrue();
    assertThat(early.uptoSeq()).isZero();

    BatchOutcome filling = store.store(batch(1, 1, 3));

    assertThat(filling.gapDetected()).isFalse();
    assertThat(filling.uptoSeq()).isEqualTo(6);
  }

  @Test
  void uptoSeqStopsAtTheFirstMissingSeq() {
    store.store(batch(1, 1, 2));
    store.store(batch(1, 5, 6));

    BatchOutcome outcome = store.store(batch(1, 3, 3));

    assertThat(outcome.uptoSeq()).isEqualTo(3);
    assertThat(store.store(batch(1, 4, 4)).uptoSeq()).isEqualTo(6);
  }

  @Test
  void resentBatchBeyondAGapIsNotCountedAsANewGap() {
    assertThat(store.store(batch(1, 4, 6)).gapDetected()).isTrue();

    assertThat(store.store(batch(1, 4, 6)).gapDetected()).isFalse();
  }

  @Test
  void consecutiveBatchesOfOneGatewayInOneGroupAreNoGap() throws Exception {
    var outcomes = store.storeAll(java.util.List.of(batch(1, 1, 3), batch(1, 4, 6)));

    assertThat(outcomes).extracting(BatchOutcome::gapDetected).containsExactly(false, false);
    assertThat(outcomes).extracting(BatchOutcome::stored).containsExactly(3, 3);
    assertThat(outcomes.get(1).uptoSeq()).isEqualTo(6);
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(6);
    assertThat(TestDatabase.count(dataSource, "reading_rollup_1m")).isEqualTo(1);
    // The stream row moved on: the next group starts from 6.
    assertThat(store.store(batch(1, 7, 7)).gapDetected()).isFalse();
  }

  @Test
  void batchResentWithinOneGroupIsADuplicateNotAFailure() throws Exception {
    var outcomes =
        store.storeAll(java.util.List.of(batch(1, 1, 3), batch(2, 1, 2), batch(1, 1, 3)));

    assertThat(outcomes).extracting(BatchOutcome::stored).containsExactly(3, 2, 0);
    assertThat(outcomes).extracting(BatchOutcome::duplicates).containsExactly(0, 0, 3);
    assertThat(outcomes).extracting(BatchOutcome::uptoSeq).containsExactly(3L, 2L, 3L);
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(5);
    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(5);
  }

  @Test
  void aHoleInsideOneGroupStopsTheMarkThereUntilItIsFilled() {
    var outcomes =
        store.storeAll(java.util.List.of(batch(1, 1, 2), batch(1, 4, 5), batch(1, 7, 7)));

    assertThat(outcomes).extracting(BatchOutcome::uptoSeq).containsExactly(2L, 2L, 2L);
    assertThat(outcomes).extracting(BatchOutcome::gapDetected).containsExactly(false, true, true);
    assertThat(store.store(batch(1, 3, 3)).uptoSeq()).isEqualTo(5);
    assertThat(store.store(batch(1, 6, 6)).uptoSeq()).isEqualTo(7);
  }

  @Test
  void readingsResentBeyondAHoleAreDuplicatesAndTheirRangeGoesWhenTheHoleFills() throws Exception {
    store.store(batch(1, 1, 2));
    store.store(batch(1, 5, 6)); // beyond a hole: stored, not acknowledged
    store.store(batch(1, 9, 9));
    assertThat(TestDatabase.count(dataSource, "stored_range")).isEqualTo(2);

    BatchOutcome resent = store.store(batch(1, 4, 9));
    assertThat(resent.stored()).isEqualTo(3); // 4, 7 and 8
    assertThat(resent.duplicates()).isEqualTo(3);
    assertThat(resent.uptoSeq()).isEqualTo(2);

    BatchOutcome filling = store.store(batch(1, 1, 3));
    assertThat(filling.duplicates()).isEqualTo(2);
    assertThat(filling.uptoSeq()).isEqualTo(9);
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(9);
    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(9);
    assertThat(TestDatabase.count(dataSource, "record")).isZero();
    assertThat(TestDatabase.count(dataSource, "stored_range")).isZero();
  }

  @Test
  void aDatabaseWrittenBeforeReadingsKeptTheirPayloadStillFindsRecordsBeyondAStreamsMark()
      throws Exception {
    // As the store left it before V49 (and V41): a record row per reading, 5 and 6 beyond a hole,
    // and no highest seq kept with the stream.
    DataSource old = database.create();
    database.migrate(old, "48");
    Batch sent = batch(1, 1, 6);
    try (var connection = old.getConnection();
        var stream =
            connection.prepareStatement(
                "INSERT INTO gateway_stream (gateway_id, epoch, upto_seq, gap_count, max_seq,"
                    + " updated_at) VALUES ('gw1', 1, 2, 1, NULL, CURRENT_TIMESTAMP)");
        var record =
            connection.prepareStatement(
                "INSERT INTO record (gateway_id, epoch, seq, kind, payload, received_at)"
                    + " VALUES ('gw1', 1, ?, 'reading', ?, CURRENT_TIMESTAMP)")) {
      stream.executeUpdate();
      for (int seq : new int[] {1, 2, 5, 6}) {
        record.setLong(1, seq);
        record.setBytes(2, sent.getRecords(seq - 1).toByteArray());
        record.executeUpdate();
      }
    }
    database.migrate(old, null);
    JdbcRecordStore upgraded = new JdbcRecordStore(old);

    BatchOutcome resent = upgraded.store(batch(1, 5, 6));
    BatchOutcome filling = upgraded.store(batch(1, 3, 4));

    assertThat(resent.duplicates()).isEqualTo(2);
    assertThat(filling.stored()).isEqualTo(2);
    assertThat(filling.uptoSeq()).isEqualTo(6);
    assertThat(TestDatabase.count(old, "stored_record")).isEqualTo(6);
    assertThat(TestDatabase.count(old, "stored_range")).isZero();
    assertThat(upgraded.store(batch(1, 7, 7)).uptoSeq()).isEqualTo(7);
  }

  @Test
  void readingsStoredBeforeTheyNamedTheirSeriesByNumberKeepTheirHistory() throws Exception {
    // As V49 left them: a reading row naming gateway, device and metric.
    DataSource old = database.create();
    database.migrate(old, "49");
    Batch sent = batch(1, 1, 3);
    try (var connection = old.getConnection();
        var reading =
            connection.prepareStatement(
                "INSERT INTO reading (gateway_id, epoch, seq, device_id, metric, source_time,"
                    + " value_type, num_value, unit, quality, payload)"
                    + " VALUES ('gw1', 1, ?, ?, ?, ?, 'DOUBLE', ?, 'Cel', 'GOOD', ?)")) {
      for (Record record : sent.getRecordsList()) {
        reading.setLong(1, record.getSeq());
        reading.setString(2, record.getSeq() == 3 ? "bme2" : "bme1");
        reading.setString(3, record.getReading().getMetric());
        reading.setObject(4, Sql.utc(Instant.ofEpochMilli(record.getReading().getSourceTimeMs())));
        reading.setDouble(5, record.getReading().getDoubleValue());
        reading.setBytes(6, record.toByteArray());
        reading.executeUpdate();
      }
    }
    database.migrate(old, null);
    JdbcRecordStore upgraded = new JdbcRecordStore(old);

    assertThat(TestDatabase.count(old, "series")).isEqualTo(2);
    assertThat(upgraded.latestReadings())
        .extracting(StoredReading::deviceId, StoredReading::sourceTime)
        .containsExactlyInAnyOrder(
            tuple("bme1", Instant.ofEpochMilli(2_000)), tuple("bme2", Instant.ofEpochMilli(3_000)));
    assertThat(TestDatabase.count(old, "stored_record")).isEqualTo(3);
    // A new reading of an existing series takes its number; it is not numbered again.
    BatchOutcome next = upgraded.store(batch(1, 1, 4));
    assertThat(next.stored()).isEqualTo(4); // the old rows came without their stream row
    assertThat(TestDatabase.count(old, "series")).isEqualTo(2);
    assertThat(TestDatabase.count(old, "reading")).isEqualTo(7);
  }

  @Test
  void outOfOrderBatchesInOneGroupSettleTogether() {
    var outcomes = store.storeAll(java.util.List.of(batch(1, 4, 6), batch(1, 1, 3)));

    assertThat(outcomes.get(0).gapDetected()).isTrue();
    assertThat(outcomes.get(1).gapDetected()).isFalse();
    assertThat(outcomes.get(1).uptoSeq()).isEqualTo(6);
  }

  @Test
  void epochsHaveIndependentSequences() {
    store.store(batch(1, 1, 3));

    BatchOutcome newEpoch = store.store(batch(2, 1, 1));

    assertThat(newEpoch.epoch()).isEqualTo(2);
    assertThat(newEpoch.stored()).isEqualTo(1);
    assertThat(newEpoch.uptoSeq()).isEqualTo(1);
  }

  @Test
  void recordsOtherThanReadingsAreStoredWithTheirPayload() throws Exception {
    Batch taps =
        Batch.newBuilder()
            .setSite("s1")
            .setGatewayId("gw1")
            .setEpoch(1)
            .addRecords(
                Record.newBuilder()
                    .setSeq(1)
                    .setCardTap(CardTap.newBuilder().setReaderId("door").setSourceTimeMs(1000)))
            .build();

    BatchOutcome outcome = store.store(taps);

    assertThat(outcome.uptoSeq()).isEqualTo(1);
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(1);
    assertThat(TestDatabase.count(dataSource, "reading")).isZero();
  }

  @Test
  void latestReadingsKeepsTheNewestValuePerMetricWithItsType() {
    store.store(batch(1, 1, 3));
    Batch typed =
        Batch.newBuilder()
            .setSite("s1")
            .setGatewayId("gw1")
            .setEpoch(1)
            .addRecords(
                Record.newBuilder()
                    .setSeq(4)
                    .setReading(
                        Reading.newBuilder()
                            .setDeviceId("door1")
                            .setMetric("open")
                            .setSourceTimeMs(5_000)
                            .setBoolValue(true)
                            .setQuality(Quality.QUALITY_GOOD)))
            .build();
    store.store(typed);

    assertThat(store.latestReadings())
        .extracting(reading -> reading.deviceId() + "/" + reading.metric() + "=" + reading.value())
        .containsExactlyInAnyOrder(
            "bme1/temperature=Decimal[value=23.0]", "door1/open=Flag[value=true]");
  }

  @Test
  void rollupsCountEachNewReadingOnceAndSkipDuplicates() throws Exception {
    store.store(batch(1, 1, 3)); // 21, 22, 23 at 1 s, 2 s, 3 s: one minute, one hour
    store.store(batch(1, 2, 4)); // only seq 4 (24) is new

    try (var connection = dataSource.getConnection();
        var rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT sample_count, value_sum, value_min, value_max, unit"
                        + " FROM reading_rollup_1m WHERE device_id = 'bme1'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(4);
      assertThat(rows.getDouble(2)).isEqualTo(21 + 22 + 23 + 24);
      assertThat(rows.getDouble(3)).isEqualTo(21);
      assertThat(rows.getDouble(4)).isEqualTo(24);
      assertThat(rows.getString(5)).isEqualTo("Cel");
      assertThat(rows.next()).isFalse();
    }
    // The hour is derived from the minutes outside the ingest transaction.
    assertThat(TestDatabase.count(dataSource, "reading_rollup_1h")).isZero();
    HourlyRollups.of(dataSource).catchUp();
    assertThat(TestDatabase.count(dataSource, "reading_rollup_1h")).isEqualTo(1);
  }

  @Test
  void rollupsLeaveOutBadAndTextReadingsAndCountAFlagAsOneOrZero() throws Exception {
    Batch mixed =
        Batch.newBuilder()
            .setSite("s1")
            .setGatewayId("gw1")
            .setEpoch(1)
            .addRecords(
                Record.newBuilder()
                    .setSeq(1)
                    .setReading(
                        Reading.newBuilder()
                            .setDeviceId("bme1")
                            .setMetric("temperature")
                            .setSourceTimeMs(1_000)
                            .setDoubleValue(-40)
                            .setUnit("Cel")
                            .setQuality(Quality.QUALITY_BAD)))
            .addRecords(
                Record.newBuilder()
                    .setSeq(2)
                    .setReading(
                        Reading.newBuilder()
                            .setDeviceId("proj1")
                            .setMetric("power_state")
                            .setSourceTimeMs(2_000)
                            .setStringValue("on")
                            .setQuality(Quality.QUALITY_GOOD)))
            .addRecords(
                Record.newBuilder()
                    .setSeq(3)
                    .setReading(
                        Reading.newBuilder()
                            .setDeviceId("pir1")
                            .setMetric("occupied")
                            .setSourceTimeMs(3_000)
                            .setBoolValue(true)
                            .setQuality(Quality.QUALITY_GOOD)))
            .build();

    store.store(mixed);

    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(3);
    // Only the flag: the share of samples it was set is its average.
    assertThat(TestDatabase.count(dataSource, "reading_rollup_1m")).isEqualTo(1);
    try (var connection = dataSource.getConnection();
        var rows =
            connection
                .createStatement()
                .executeQuery("SELECT device_id, value_max FROM reading_rollup_1m")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("pir1");
      assertThat(rows.getDouble(2)).isEqualTo(1.0);
    }
  }

  @Test
  void aRecordTheColumnsCannotHoldIsKeptAsItsRecordRowAndTheBatchStillStored() throws Exception {
    List<Long> handled = new ArrayList<>();
    store =
        new JdbcRecordStore(
            dataSource,
            List.of((connection, context, record, after) -> handled.add(record.getSeq())));
    Batch batch =
        Batch.newBuilder()
            .setSite("s1")
            .setGatewayId("gw1")
            .setEpoch(1)
            .addRecords(reading(1, temperature()))
            .addRecords(reading(2, temperature().setMetric("m".repeat(65))))
            .addRecords(reading(3, temperature().setStringValue("t".repeat(1025))))
            .addRecords(reading(4, temperature().setSourceTimeMs(RecordColumns.END_MS)))
            .addRecords(reading(5, temperature().setDeviceId("d".repeat(129))))
            .addRecords(reading(6, temperature().setUnit("u".repeat(33))))
            .addRecords(reading(7, temperature().setQualityReason("r".repeat(600))))
            .addRecords(reading(8, temperature().setSourceTimeMs(RecordColumns.EARLIEST_MS - 1)))
            .addRecords(tap(9, tap().setCardRef(ByteString.copyFrom(new byte[33]))))
            .addRecords(tap(10, tap().setReaderId("r".repeat(129))))
            .addRecords(tap(11, tap().setKeyId("k".repeat(17))))
            .addRecords(tap(12, tap()))
            .addRecords(event(13, event().setState("s".repeat(65))))
            .addRecords(event(14, event().setAlarmCode("a".repeat(129))))
            .addRecords(event(15, event().setRunId("x".repeat(129))))
            .addRecords(event(16, event().setMessage("a long alarm message ".repeat(100))))
            .build();

    BatchOutcome outcome = store.store(batch);

    assertThat(outcome.uptoSeq()).isEqualTo(16);
    assertThat(outcome.stored()).isEqualTo(16);
    assertThat(outcome.unfitRecords())
        .containsExactly(
            "seq 2: metric longer than 64 characters",
            "seq 3: text value longer than 1024 characters",
            "seq 4: source time +294277-01-01T00:00:00Z out of range",
            "seq 5: device id longer than 128 characters",
            "seq 6: unit longer than 32 characters",
            "seq 8: source time -4713-11-23T23:59:59.999Z out of range",
            "seq 9: card reference longer than 32 bytes",
            "seq 10: reader id longer than 128 characters",
            "seq 11: key id longer than 16 characters",
            "seq 13: state longer than 64 characters",
            "seq 14: alarm code longer than 128 characters",
            "seq 15: run id longer than 128 characters");
    // The quality reason is free text: cut to its column, the reading kept.
    assertThat(outcome.newReadings())
        .extracting(StoredReading::qualityReason)
        .containsExactly("", "r".repeat(511) + "…");
    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(2);
    assertThat(handled).containsExactly(1L, 7L, 12L, 16L);
    try (var connection = dataSource.getConnection();
        var rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT s.seq, r.device_id, r.source_time, s.payload, r.seq FROM"
                        + " stored_record s LEFT JOIN record r ON r.gateway_id = s.gateway_id"
                        + " AND r.epoch = s.epoch AND r.seq = s.seq ORDER BY s.seq")) {
      for (Record sent : batch.getRecordsList()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(sent.getSeq());
        assertThat(Record.parseFrom(rows.getBytes(4))).isEqualTo(sent);
        // Readings that fit are reading rows; everything else, unfit readings too, record rows.
        rows.getLong(5);
        assertThat(rows.wasNull()).isEqualTo(sent.getSeq() == 1 || sent.getSeq() == 7);
        if (sent.getSeq() == 5 || sent.getSeq() == 10) {
          assertThat(rows.getString(2)).isNull();
        }
        if (sent.getSeq() == 4 || sent.getSeq() == 8) {
          assertThat(rows.getObject(3)).isNull();
        }
      }
    }
  }

  @Test
  void readingsAtTheColumnsLimitsGetTheirRows() throws Exception {
    Batch batch =
        Batch.newBuilder()
            .setSite("s1")
            .setGatewayId("gw1")
            .setEpoch(1)
            .addRecords(reading(1, temperature().setSourceTimeMs(RecordColumns.END_MS - 1)))
            .addRecords(reading(2, temperature().setSourceTimeMs(RecordColumns.EARLIEST_MS)))
            .addRecords(
                reading(
                    3,
                    temperature()
                        .setDeviceId("d".repeat(128))
                        .setMetric("m".repeat(64))
                        .setUnit("u".repeat(32))
                        .setStringValue("t".repeat(1024))
                        .setQualityReason("r".repeat(512))))
            .build();

    BatchOutcome outcome = store.store(batch);

    assertThat(outcome.unfitRecords()).isEmpty();
    assertThat(outcome.newReadings()).hasSize(3);
    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(3);
  }

  private static Reading.Builder temperature() {
    return Reading.newBuilder()
        .setDeviceId("bme1")
        .setMetric("temperature")
        .setSourceTimeMs(1_000)
        .setDoubleValue(21.5)
        .setUnit("Cel")
        .setQuality(Quality.QUALITY_GOOD);
  }

  private static Record reading(long seq, Reading.Builder reading) {
    return Record.newBuilder().setSeq(seq).setReading(reading).build();
  }

  private static CardTap.Builder tap() {
    return CardTap.newBuilder()
        .setReaderId("door1")
        .setCardRef(ByteString.copyFrom(new byte[32]))
        .setKeyId("k1")
        .setSourceTimeMs(2_000);
  }

  private static Record tap(long seq, CardTap.Builder tap) {
    return Record.newBuilder().setSeq(seq).setCardTap(tap).build();
  }

  private static EquipmentEvent.Builder event() {
    return EquipmentEvent.newBuilder()
        .setDeviceId("centrifuge1")
        .setKind(EquipmentEventKind.EQUIPMENT_EVENT_KIND_STATE_CHANGED)
        .setState("running")
        .setSourceTimeMs(3_000);
  }

  private static Record event(long seq, EquipmentEvent.Builder event) {
    return Record.newBuilder().setSeq(seq).setEquipmentEvent(event).build();
  }

  /** Temperature readings seq {@code from..to}; the value and time grow with seq. */
  static Batch batch(long epoch, long from, long to) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId("gw1").setEpoch(epoch);
    LongStream.rangeClosed(from, to)
        .forEach(
            seq ->
                batch.addRecords(
                    Record.newBuilder()
                        .setSeq(seq)
                        .setReading(
                            Reading.newBuilder()
                                .setDeviceId("bme1")
                                .setMetric("temperature")
                                .setSourceTimeMs(1_000 * seq)
                                .setDoubleValue(20 + seq)
                                .setUnit("Cel")
                                .setQuality(Quality.QUALITY_GOOD))));
    return batch.build();
  }
}
