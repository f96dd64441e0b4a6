package io.campusedge.hub.internal.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.campusedge.hub.internal.store.HourlyRollups;
import io.campusedge.hub.internal.store.JdbcRecordStore;
import io.campusedge.hub.internal.store.TestDatabase;
import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * History at 1-hour resolution while the hourly job has not run: the open hour and an hour that
 * just got late readings are answered exactly, from what is stored when the query comes.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class ReadingHistoryHourTest {
  @Parameter TestDatabase database;
  private JdbcRecordStore store;
  private ReadingHistory history;
  private long seq = 1;

  @BeforeEach
  void setUp() {
    DataSource dataSource = database.migrated();
    store = new JdbcRecordStore(dataSource);
    history = new ReadingHistory(dataSource, HourlyRollups.of(dataSource));
  }

  @Test
  void theCurrentHourIsInTheAnswerWithEveryReadingStoredBeforeTheQuery() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant lastHour = hour.minus(1, ChronoUnit.HOURS);
    store.store(co2(lastHour.plusSeconds(60), 400, 500));
    store.store(co2(hour.plusSeconds(1), 600, 700, 800));

    List<HistoryPoint.Rollup> first = hours(lastHour, hour.plus(1, ChronoUnit.HOURS));
    store.store(co2(hour.plusSeconds(2), 900)); // more of the open hour
    store.store(co2(lastHour.plusSeconds(120), 300)); // and a late one for the hour before
    List<HistoryPoint.Rollup> second = hours(lastHour, hour.plus(1, ChronoUnit.HOURS));

    assertThat(first)
        .extracting(HistoryPoint.Rollup::time, HistoryPoint.Rollup::count, p -> p.sum())
        .containsExactly(tuple(lastHour, 2L, 900.0), tuple(hour, 3L, 2100.0));
    assertThat(second)
        .extracting(HistoryPoint.Rollup::time, HistoryPoint.Rollup::count, p -> p.sum())
        .containsExactly(tuple(lastHour, 3L, 1200.0), tuple(hour, 4L, 3000.0));
    assertThat(second.get(0).min()).isEqualTo(300);
    assertThat(second.get(1).max()).isEqualTo(900);
  }

  private List<HistoryPoint.Rollup> hours(Instant from, Instant to) {
    ReadingQuery query =
        new ReadingQuery(
            Optional.empty(),
            Optional.empty(),
            Optional.of("scd1"),
            Optional.of("co2"),
            from,
            to,
            Resolution.HOUR,
            Optional.empty());
    List<HistoryPoint.Rollup> points = new ArrayList<>();
    try (HistoryCursor cursor = history.open(query)) {
      for (Optional<HistoryPoint> point = cursor.next(); point.isPresent(); point = cursor.next()) {
        points.add((HistoryPoint.Rollup) point.get());
      }
    }
    return points;
  }

  /** CO2 values one second apart from {@code start}. */
  private Batch co2(Instant start, double... values) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId("gw1").setEpoch(1);
    for (int i = 0; i < values.length; i++) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(seq++)
              .setReading(
                  Reading.newBuilder()
                      .setDeviceId("scd1")
                      .setMetric("co2")
                      .setSourceTimeMs(start.plusSeconds(i).toEpochMilli())
                      .setDoubleValue(values[i])
                      .setUnit("[ppm]")
                      .setQuality(Quality.QUALITY_GOOD)));
    }
    return batch.build();
  }
}
