package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.hub.internal.config.StorageConfig;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.CardTap;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Retention and (on PostgreSQL) monthly partitions, on both databases. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class StorageMaintenanceTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  @Parameter TestDatabase database;
  private DataSource dataSource;
  private JdbcRecordStore store;
  private StorageMaintenance maintenance;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    store = new JdbcRecordStore(dataSource);
    StorageConfig config =
        new StorageConfig(Duration.ofDays(30), Duration.ofDays(60), 2, Duration.ofHours(1), 100);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    maintenance =
        new StorageMaintenance(
            dataSource, config, new HourlyRollups(dataSource, config.retention(), clock), clock);
  }

  @Test
  void retentionRemovesReadingsAndMinuteRollupsOlderThanItInBatches() throws Exception {
    store.store(readings(1, Instant.parse("2026-04-01T00:00:00Z"), 250)); // 75 days old
    store.store(readings(251, Instant.parse("2026-06-14T00:00:00Z"), 3)); // 1 day old

    StorageMaintenance.Report report = maintenance.run();

    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(3);
    assertThat(report.rowsDeleted()).isGreaterThanOrEqualTo(database == TestDatabase.H2 ? 250 : 0);
    assertThat(minuteBucketsBefore("2026-05-16T12:00:00Z")).isZero();
    assertThat(TestDatabase.count(dataSource, "reading_rollup_1h")).isEqualTo(1);
  }

  @Test
  void hourlyRollupsAreKeptForTheirOwnLongerRetention() throws Exception {
    store.store(readings(1, Instant.parse("2026-05-01T00:00:00Z"), 2)); // 45 days old

    maintenance.run();

    assertThat(TestDatabase.count(dataSource, "reading")).isZero();
    assertThat(TestDatabase.count(dataSource, "reading_rollup_1m")).isZero();
    assertThat(TestDatabase.count(dataSource, "reading_rollup_1h")).isEqualTo(1);
  }

  @Test
  void recordsReceivedBeforeTheRetentionAreTrimmedUpToEachStreamsMark() throws Exception {
    Instant recently = Instant.parse("2026-06-14T00:00:00Z");
    store.store(
        taps(1, recently, 250)); // card taps: records kept in `record`; seq 1..250, the mark
    store.store(taps(260, recently, 2)); // seq 260..261, beyond a hole
    receivedAt(Instant.parse("2026-04-01T00:00:00Z"), 1, 240); // 75 days ago: expired
    receivedAt(Instant.parse("2026-04-01T00:00:00Z"), 260, 261); // expired, but beyond the mark

    StorageMaintenance.Report report = maintenance.run();

    assertThat(report.rowsDeleted()).isGreaterThanOrEqualTo(240);
    assertThat(TestDatabase.count(dataSource, "record")).isEqualTo(12);
    assertThat(TestDatabase.count(dataSource, "record WHERE seq <= 240")).isZero();
    assertThat(TestDatabase.count(dataSource, "record WHERE seq >= 260")).isEqualTo(2);
    // Below the mark a resent record is still a duplicate; the hole still settles the stream.
    assertThat(store.store(taps(1, recently, 5)).duplicates()).isEqualTo(5);
    assertThat(store.store(taps(251, recently, 9)).uptoSeq()).isEqualTo(261);
    assertThat(maintenance.run().rowsDeleted()).isZero();
  }

  private void receivedAt(Instant at, long fromSeq, long toSeq) throws Exception {
    try (var connection = dataSource.getConnection();
        var update =
            connection.prepareStatement(
                "UPDATE record SET received_at = ? WHERE seq BETWEEN ? AND ?")) {
      update.setObject(1, Sql.utc(at));
      update.setLong(2, fromSeq);
      update.setLong(3, toSeq);
      update.executeUpdate();
    }
  }

  @Test
  void runningTwiceChangesNothingTheSecondTime() {
    maintenance.run();

    StorageMaintenance.Report again = maintenance.run();

    assertThat(again.partitionsCreated()).isEmpty();
    assertThat(again.partitionsDropped()).isEmpty();
    assertThat(again.rowsDeleted()).isZero();
  }

  @Test
  void onPostgresqlMonthsGetPartitionsAheadAndOldOnesAreDropped() throws Exception {
    if (database != TestDatabase.POSTGRESQL) {
      return;
    }
    // Stored before any partition exists: lands in the default partition.
    store.store(readings(1, Instant.parse("2026-06-10T00:00:00Z"), 5));
    assertThat(TestDatabase.count(dataSource, "reading_default")).isEqualTo(5);

    StorageMaintenance.Report first = maintenance.run();

    assertThat(first.partitionsCreated())
        .containsExactly(
            "reading_p202605", "reading_p202606", "reading_p202607", "reading_p202608");
    assertThat(TestDatabase.count(dataSource, "reading_default")).isZero();
    assertThat(TestDatabase.count(dataSource, "reading_p202606")).isEqualTo(5);
    assertThat(TestDatabase.count(dataSource, "reading")).isEqualTo(5);

    Clock later20August = Clock.fixed(Instant.parse("2026-08-20T00:00:00Z"), ZoneOffset.UTC);
    StorageMaintenance later =
        new StorageMaintenance(
            dataSource,
            new StorageConfig(
                Duration.ofDays(30), Duration.ofDays(60), 2, Duration.ofHours(1), 100),
            new HourlyRollups(dataSource, Duration.ofDays(30), later20August),
            later20August);
    StorageMaintenance.Report second = later.run();

    assertThat(second.partitionsDropped()).containsExactly("reading_p202605", "reading_p202606");
    assertThat(second.partitionsCreated()).containsExactly("reading_p202609", "reading_p202610");
    assertThat(TestDatabase.count(dataSource, "reading")).isZero();
  }

  private long minuteBucketsBefore(String instant) throws Exception {
    try (var connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM reading_rollup_1m WHERE bucket_start < ?")) {
      select.setObject(1, Sql.utc(Instant.parse(instant)));
      try (var rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** {@code count} readings one second apart from {@code start}, seq from {@code firstSeq}. */
  private static Batch taps(long firstSeq, Instant start, int count) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId("gw1").setEpoch(1);
    for (int i = 0; i < count; i++) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(firstSeq + i)
              .setCardTap(
                  CardTap.newBuilder()
                      .setReaderId("door")
                      .setSourceTimeMs(start.plusSeconds(i).toEpochMilli())));
    }
    return batch.build();
  }

  private static Batch readings(long firstSeq, Instant start, int count) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId("gw1").setEpoch(1);
    for (int i = 0; i < count; i++) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(firstSeq + i)
              .setReading(
                  Reading.newBuilder()
                      .setDeviceId("bme1")
                      .setMetric("temperature")
                      .setSourceTimeMs(start.plusSeconds(i).toEpochMilli())
                      .setDoubleValue(20 + i % 5)
                      .setUnit("Cel")
                      .setQuality(Quality.QUALITY_GOOD)));
    }
    return batch.build();
  }
}
