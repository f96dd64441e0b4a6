package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hour rollups derived from minute rollups by {@link HourlyRollups}, on H2 and PostgreSQL: after
 * ingest and a run they equal a direct aggregation of the stored readings, whatever order, delay or
 * repetition the readings came with, and whatever happened to an earlier run.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class HourlyRollupsTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:40:00Z");
  private static final Instant NINE = Instant.parse("2026-12-06T09:00:00Z");

  @Parameter TestDatabase database;
  private DataSource dataSource;
  private JdbcRecordStore store;
  private HourlyRollups rollups;
  // Every reading handed to the store, for the expected sums (the store drops duplicates).
  private final Map<String, Reading> sent = new TreeMap<>();
  private long nextSeq = 1;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    store = new JdbcRecordStore(dataSource);
    rollups = new HourlyRollups(dataSource, Duration.ofDays(400), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void ingestWritesMinutesOnlyAndARunDerivesHoursEqualToTheReadings() throws Exception {
    store.store(mixedBatch(1, NINE, 150)); // 09:00 to 09:50, two series, a few BAD and text
    store.store(mixedBatch(1, NINE.plus(55, ChronoUnit.MINUTES), 60)); // into 10:xx

    assertThat(TestDatabase.count(dataSource, "reading_rollup_1h")).isZero();
    assertThat(pendingMinutes()).isPositive();

    assertThat(rollups.catchUp()).isEqualTo(4); // 2 series x 2 hours

    assertThat(hourRows()).isEqualTo(expectedHours());
    assertThat(pendingMinutes()).isZero();
    assertThat(rollups.catchUp()).isZero();
    assertThat(hourRows()).isEqualTo(expectedHours());
  }

  @Test
  void lateReadingsForAnHourAlreadyRolledUpFixItsRow() throws Exception {
    store.store(mixedBatch(1, NINE, 60));
    rollups.catchUp();
    store.store(mixedBatch(1, NINE.plus(2, ChronoUnit.HOURS), 10)); // the gateway moves on

    // A second gateway epoch (a reboot) delivers what it held back for 09:xx, an hour late.
    store.store(mixedBatch(2, NINE.plus(30, ChronoUnit.SECONDS), 40));
    rollups.catchUp();

    assertThat(hourRows()).isEqualTo(expectedHours());
    assertThat(hourRow("bme1", "temperature", NINE).count()).isEqualTo(countSent("bme1", NINE));
  }

  @Test
  void aResentBatchChangesNoHourRow() throws Exception {
    Batch batch = mixedBatch(1, NINE, 80);
    store.store(batch);
    rollups.catchUp();
    Map<String, HourRow> before = hourRows();

    BatchOutcome resent = store.store(batch);
    rollups.catchUp();

    assertThat(resent.stored()).isZero();
    assertThat(hourRows()).isEqualTo(before).isEqualTo(expectedHours());
  }

  @Test
  void aRunThatDiesBeforeCommitLeavesEverythingForTheNextRunAfterARestart() throws Exception {
    store.store(mixedBatch(1, NINE, 120));
    rollups.catchUp();
    store.store(mixedBatch(1, NINE.plus(45, ChronoUnit.MINUTES), 60));
    AtomicBoolean failCommit = new AtomicBoolean(true);
    HourlyRollups dying =
        new HourlyRollups(
            commitFailingOnce(dataSource, failCommit),
            Duration.ofDays(400),
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThatThrownBy(dying::catchUp).isInstanceOf(StoreException.class);

    assertThat(pendingMinutes()).isPositive();
    // The hub restarts: a new instance over the same database finishes the job, counting once.
    HourlyRollups restarted =
        new HourlyRollups(dataSource, Duration.ofDays(400), Clock.fixed(NOW, ZoneOffset.UTC));
    restarted.catchUp();
    restarted.catchUp();
    assertThat(hourRows()).isEqualTo(expectedHours());
    assertThat(pendingMinutes()).isZero();
  }

  @Test
  void aRunWaitsForAnIngestTransactionChangingTheHoursMinutesAndIncludesIt() throws Exception {
    store.store(mixedBatch(1, NINE, 20));
    try (Connection ingest = dataSource.getConnection()) {
      ingest.setAutoCommit(false);
      // What ReadingRollups does for one more reading of 100 in the first minute, uncommitted.
      try (var update =
          ingest.prepareStatement(
              "UPDATE reading_rollup_1m SET sample_count = sample_count + 1,"
                  + " value_sum = value_sum + 100, value_max = GREATEST(value_max, 100),"
                  + " hour_pending = TRUE"
                  + " WHERE device_id = 'bme1' AND metric = 'temperature' AND bucket_start = ?")) {
        update.setObject(1, Sql.utc(NINE));
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(rollups::catchUp);
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !run.isDone());
      ingest.commit();

      run.get();
    }

    HourRow nine = hourRow("bme1", "temperature", NINE);
    assertThat(nine.count()).isEqualTo(countSent("bme1", NINE) + 1);
    assertThat(nine.max()).isEqualTo(100);
    assertThat(pendingMinutes()).isZero();
  }

  @Test
  void aCatchUpForARangeLeavesOtherHoursPending() throws Exception {
    store.store(mixedBatch(1, NINE, 20));
    store.store(mixedBatch(1, NINE.plus(1, ChronoUnit.DAYS), 20));

    rollups.catchUp(NINE.plus(1, ChronoUnit.DAYS), NINE.plus(1, ChronoUnit.DAYS).plusSeconds(1));

    assertThat(hourRows())
        .containsOnlyKeys(
            "bme1/temperature@" + NINE.plus(1, ChronoUnit.DAYS),
            "lux1/illuminance@" + NINE.plus(1, ChronoUnit.DAYS));
    assertThat(pendingMinutes()).isPositive();
  }

  @Test
  void anHourWhoseMinutesRetentionDeletedKeepsItsRowWhenLateReadingsCome() throws Exception {
    Instant old = NOW.minus(Duration.ofDays(401)).truncatedTo(ChronoUnit.HOURS);
    store.store(mixedBatch(1, old, 30));
    rollups.catchUp();
    HourRow before = hourRow("bme1", "temperature", old);
    try (Connection connection = dataSource.getConnection();
        var delete = connection.createStatement()) {
      delete.executeUpdate("DELETE FROM reading_rollup_1m"); // what retention does
    }

    store.store(mixedBatch(2, old.plusSeconds(5), 2)); // late readings for that hour
    rollups.catchUp();

    // Recounted from the one late minute it would lose the hour's 30 readings; it keeps them.
    assertThat(hourRow("bme1", "temperature", old)).isEqualTo(before);
    assertThat(pendingMinutes()).isZero();
  }

  // --- fixtures

  /**
   * {@code count} records from {@code start}, one every 20 s: a temperature per record (some BAD,
   * to be left out), an illuminance every other record, a text status every fifth record.
   */
  private Batch mixedBatch(long epoch, Instant start, int count) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId("gw1").setEpoch(epoch);
    long seq = epoch == 1 ? nextSeq : 1;
    for (int i = 0; i < count; i++) {
      Instant time = start.plusSeconds(20L * i);
      add(batch, seq++, "bme1", "temperature", time, 20 + (i % 7), i % 11 == 3);
      if (i % 2 == 0) {
        add(batch, seq++, "lux1", "illuminance", time, 300 + i, false);
      }
      if (i % 5 == 0) {
        Reading status =
            Reading.newBuilder()
                .setDeviceId("proj1")
                .setMetric("input")
                .setSourceTimeMs(time.toEpochMilli())
                .setStringValue("HDMI1")
                .setQuality(Quality.QUALITY_GOOD)
                .build();
        batch.addRecords(Record.newBuilder().setSeq(seq++).setReading(status));
      }
    }
    if (epoch == 1) {
      nextSeq = seq;
    }
    return batch.build();
  }

  private void add(
      Batch.Builder batch,
      long seq,
      String device,
      String metric,
      Instant time,
      double value,
      boolean bad) {
    Reading reading =
        Reading.newBuilder()
            .setDeviceId(device)
            .setMetric(metric)
            .setSourceTimeMs(time.toEpochMilli())
            .setDoubleValue(value)
            .setUnit("u")
            .setQuality(bad ? Quality.QUALITY_BAD : Quality.QUALITY_GOOD)
            .build();
    batch.addRecords(Record.newBuilder().setSeq(seq).setReading(reading));
    sent.put(batch.getEpoch() + "/" + seq, reading);
  }

  record HourRow(long count, double sum, double min, double max) {}

  /** The direct aggregation of every numeric, not-BAD reading sent, per series and hour. */
  private Map<String, HourRow> expectedHours() {
    Map<String, HourRow> hours = new TreeMap<>();
    for (Reading reading : sent.values()) {
      if (reading.getQuality() == Quality.QUALITY_BAD) {
        continue;
      }
      String key =
          reading.getDeviceId()
              + "/"
              + reading.getMetric()
              + "@"
              + Instant.ofEpochMilli(reading.getSourceTimeMs()).truncatedTo(ChronoUnit.HOURS);
      double value = reading.getDoubleValue();
      hours.merge(
          key,
          new HourRow(1, value, value, value),
          (a, b) ->
              new HourRow(
                  a.count + b.count,
                  a.sum + b.sum,
                  Math.min(a.min, b.min),
                  Math.max(a.max, b.max)));
    }
    return hours;
  }

  private long countSent(String device, Instant hour) {
    return sent.values().stream()
        .filter(r -> r.getDeviceId().equals(device) && r.getQuality() != Quality.QUALITY_BAD)
        .filter(
            r ->
                Instant.ofEpochMilli(r.getSourceTimeMs())
                    .truncatedTo(ChronoUnit.HOURS)
                    .equals(hour))
        .count();
  }

  private Map<String, HourRow> hourRows() throws SQLException {
    Map<String, HourRow> rows = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        var result =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT device_id, metric, bucket_start, sample_count, value_sum, value_min,"
                        + " value_max FROM reading_rollup_1h")) {
      while (result.next()) {
        rows.put(
            result.getString(1)
                + "/"
                + result.getString(2)
                + "@"
                + Sql.instant(result.getObject(3)),
            new HourRow(
                result.getLong(4), result.getDouble(5), result.getDouble(6), result.getDouble(7)));
      }
    }
    return rows;
  }

  private HourRow hourRow(String device, String metric, Instant hour) throws SQLException {
    HourRow row = hourRows().get(device + "/" + metric + "@" + hour);
    assertThat(row).as("hour row %s/%s@%s", device, metric, hour).isNotNull();
    return row;
  }

  private long pendingMinutes() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        var result =
            connection
                .createStatement()
                .executeQuery("SELECT COUNT(*) FROM reading_rollup_1m WHERE hour_pending = TRUE")) {
      result.next();
      return result.getLong(1);
    }
  }

  /** The database as seen by a process that dies at its next commit (the commit never happens). */
  private static DataSource commitFailingOnce(DataSource real, AtomicBoolean fail) {
    return (DataSource)
        Proxy.newProxyInstance(
            HourlyRollupsTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(method, real, args);
              if (!method.getName().equals("getConnection")) {
                return result;
              }
              Connection connection = (Connection) result;
              return Proxy.newProxyInstance(
                  HourlyRollupsTest.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("commit") && fail.getAndSet(false)) {
                      throw new SQLException("power cut");
                    }
                    return invoke(m, connection, a);
                  });
            });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
