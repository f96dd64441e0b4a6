package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the store writes is what the gateway sent, byte for byte, whichever way the rows go in
 * (COPY's binary format on PostgreSQL, batched INSERTs on H2): text that looks like COPY's own
 * escapes, NULL and empty strings, extreme numbers, any payload byte.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class GroupRowsTest {
  private static final String AWKWARD =
      "tab\there\nnewline\\backslash\rcr \\N 'q' \"dq\" Nhiệt độ 😀";

  @Parameter TestDatabase database;
  private DataSource dataSource;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
  }

  @Test
  void awkwardTextNumbersAndPayloadsReadBackAsSent() throws Exception {
    List<Reading> sent =
        List.of(
            reading("dev\\1\t", "note").setStringValue(AWKWARD).setQualityReason(AWKWARD).build(),
            reading("d2", "count").setIntValue(Long.MAX_VALUE).build(),
            reading("d2", "tiny").setDoubleValue(-1.5e-300).setUnit("").build(),
            reading("d2", "huge").setDoubleValue(Double.MAX_VALUE).build(),
            reading("d2", "flag").setBoolValue(true).build(),
            reading("d2", "empty").setStringValue("").build(),
            reading("d2", "none").build(),
            reading("d3", "far-future")
                .setSourceTimeMs(Instant.parse("+20000-01-01T00:00:00.123Z").toEpochMilli())
                .setDoubleValue(1)
                .build(),
            reading("d3", "far-past")
                .setSourceTimeMs(Instant.parse("-0099-06-01T12:00:00Z").toEpochMilli())
                .setDoubleValue(2)
                .build());
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId("gw\\1").setEpoch(7);
    long seq = 0;
    for (Reading reading : sent) {
      batch.addRecords(Record.newBuilder().setSeq(++seq).setReading(reading));
    }
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    Record tap =
        Record.newBuilder()
            .setSeq(++seq)
            .setCardTap(
                CardTap.newBuilder()
                    .setReaderId("reader\t1")
                    .setCardRef(ByteString.copyFrom(everyByte))
                    .setSourceTimeMs(1_700_000_000_123L))
            .build();
    batch.addRecords(tap);

    BatchOutcome outcome = new JdbcRecordStore(dataSource).store(batch.build());

    assertThat(outcome.stored()).isEqualTo(sent.size() + 1);
    assertThat(storedReadings()).containsExactlyElementsOf(sent);
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT s.gateway_id, s.epoch, s.kind, r.device_id, r.source_time, s.payload,"
                        + " s.seq FROM stored_record s LEFT JOIN record r ON r.gateway_id ="
                        + " s.gateway_id AND r.epoch = s.epoch AND r.seq = s.seq ORDER BY s.seq")) {
      List<Record> payloads = new ArrayList<>();
      while (rows.next()) {
        assertThat(rows.getString(1)).isEqualTo("gw\\1");
        assertThat(rows.getLong(2)).isEqualTo(7);
        payloads.add(Record.parseFrom(rows.getBytes(6)));
        assertThat(rows.getString(3))
            .isEqualTo(rows.getLong(7) == tap.getSeq() ? "card_tap" : "reading");
        if (rows.getLong(7) == tap.getSeq()) {
          assertThat(rows.getString(3)).isEqualTo("card_tap");
          assertThat(rows.getString(4)).isEqualTo("reader\t1");
          assertThat(rows.getObject(5, OffsetDateTime.class).toInstant())
              .isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        }
      }
      assertThat(payloads).containsExactlyElementsOf(batch.getRecordsList());
    }
  }

  @Test
  void aNulCharacterDoesNotFailTheBatch() throws Exception {
    Batch batch =
        Batch.newBuilder()
            .setSite("s1")
            .setGatewayId("gw1")
            .setEpoch(1)
            .addRecords(
                Record.newBuilder()
                    .setSeq(1)
                    .setReading(
                        reading("d\0", "note").setStringValue("a\0b").setQualityReason("\0")))
            .build();

    BatchOutcome outcome = new JdbcRecordStore(dataSource).store(batch);

    assertThat(outcome.stored()).isEqualTo(1);
    assertThat(outcome.uptoSeq()).isEqualTo(1);
    // H2 keeps NUL; PostgreSQL text cannot hold it, so it becomes U+FFFD there
    String nul = database == TestDatabase.POSTGRESQL ? "\uFFFD" : "\0";
    assertThat(storedReadings())
        .singleElement()
        .satisfies(
            stored -> {
              assertThat(stored.getDeviceId()).isEqualTo("d" + nul);
              assertThat(stored.getStringValue()).isEqualTo("a" + nul + "b");
              assertThat(stored.getQualityReason()).isEqualTo(nul);
            });
  }

  @Test
  void aRecordRowWrittenTwiceFailsTheGroup() throws Exception {
    Record record =
        Record.newBuilder()
            .setSeq(1)
            .setCardTap(CardTap.newBuilder().setReaderId("door").setSourceTimeMs(1_000))
            .build();
    Record reading =
        Record.newBuilder().setSeq(2).setReading(reading("d1", "co2").setDoubleValue(420)).build();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (GroupRows rows = GroupRows.open(connection, database.dialect())) {
        rows.record("gw1", 1, record, Instant.now());
        rows.reading(1, "gw1", 1, reading);
        rows.flush();
        rows.record("gw1", 1, record, Instant.now());
        rows.reading(1, "gw1", 1, reading);

        assertThatThrownBy(rows::flush)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(Sql.isUniqueViolation((SQLException) e)).isTrue());
      } finally {
        connection.rollback();
      }
    }
    assertThat(TestDatabase.count(dataSource, "record")).isZero();
    assertThat(TestDatabase.count(dataSource, "reading")).isZero();
  }

  private List<Reading> storedReadings() throws Exception {
    List<Reading> readings = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT s.device_id, s.metric, r.source_time, r.value_type, r.num_value,"
                        + " r.text_value, r.unit, r.quality, r.quality_reason FROM reading r"
                        + " JOIN series s ON s.series_id = r.series_id ORDER BY r.seq")) {
      while (rows.next()) {
        Reading.Builder reading =
            Reading.newBuilder()
                .setDeviceId(rows.getString(1))
                .setMetric(rows.getString(2))
                .setSourceTimeMs(rows.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli())
                .setUnit(rows.getString(7))
                .setQuality(Quality.valueOf("QUALITY_" + rows.getString(8)))
                .setQualityReason(rows.getString(9));
        double number = rows.getDouble(5);
        Double column = rows.wasNull() ? null : number;
        MetricValue value = MetricValue.fromColumns(rows.getString(4), column, rows.getString(6));
        if (value instanceof MetricValue.Decimal decimal) {
          reading.setDoubleValue(decimal.value());
        } else if (value instanceof MetricValue.WholeNumber whole) {
          reading.setIntValue(whole.value());
        } else if (value instanceof MetricValue.Flag flag) {
          reading.setBoolValue(flag.value());
        } else if (value instanceof MetricValue.Text text) {
          reading.setStringValue(text.value());
        }
        readings.add(reading.build());
      }
    }
    return readings;
  }

  private static Reading.Builder reading(String device, String metric) {
    return Reading.newBuilder()
        .setDeviceId(device)
        .setMetric(metric)
        .setSourceTimeMs(1_700_000_000_000L)
        .setUnit("u")
        .setQuality(Quality.QUALITY_UNCERTAIN);
  }
}
