package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Quality;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two hub instances' workers storing groups of the same gateways' batches at once, in opposite
 * orders, each with its own store (as two processes would): no deadlock, no failed first batch, and
 * every stream's upto_seq ends at its last seq.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class RecordStoreConcurrencyTest {
  private static final int ROUNDS = 40;
  private static final int PER_BATCH = 5;

  @Parameter TestDatabase database;
  private DataSource dataSource;
  private final ExecutorService workers = Executors.newFixedThreadPool(2);

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
  }

  @AfterEach
  void stop() {
    workers.shutdownNow();
  }

  @Test
  void groupsInOppositeOrdersNeitherDeadlockNorLoseTheContiguousUptoSeq() throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    // Instance one gets the odd batches, instance two the even ones, gateways in opposite order.
    Future<?> one =
        workers.submit(worker(new JdbcRecordStore(dataSource), together, 0, "gw-a", "gw-b"));
    Future<?> two =
        workers.submit(worker(new JdbcRecordStore(dataSource), together, 1, "gw-b", "gw-a"));

    one.get(120, TimeUnit.SECONDS);
    two.get(120, TimeUnit.SECONDS);

    long last = 2L * ROUNDS * PER_BATCH;
    assertThat(uptoSeq("gw-a")).isEqualTo(last);
    assertThat(uptoSeq("gw-b")).isEqualTo(last);
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(2 * last);
  }

  @Test
  void largeGroupsOfOverlappingGatewaysWhoseIdsSortDifferentlyByLocaleDoNotDeadlock()
      throws Exception {
    // Upper and lower case and punctuation: a locale collation orders these unlike Java, and more
    // than 100 gateways per group lock in several statements, split differently by each instance.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add(List.of("GW-", "gw-", "gw.").get(i % 3) + i);
    }
    CyclicBarrier together = new CyclicBarrier(2);
    Future<?> one =
        workers.submit(
            worker(new JdbcRecordStore(dataSource), together, 0, ids.subList(0, 150), 8));
    Future<?> two =
        workers.submit(
            worker(new JdbcRecordStore(dataSource), together, 1, ids.subList(50, 200), 8));

    one.get(120, TimeUnit.SECONDS);
    two.get(120, TimeUnit.SECONDS);

    for (String both : ids.subList(50, 150)) {
      assertThat(uptoSeq(both)).as(both).isEqualTo(2L * 8 * PER_BATCH);
    }
    assertThat(uptoSeq(ids.get(0))).isEqualTo(PER_BATCH); // its odd batches never came
  }

  @Test
  void theSameReadingsStoredByTwoInstancesAtOnceAreStoredOnce() throws Exception {
    // Readings have no key of their own: only the stream lock and stored_range keep them single,
    // here with each round's later batch first, so half of them land beyond a hole.
    CyclicBarrier together = new CyclicBarrier(2);
    Callable<Void> resender =
        () -> {
          JdbcRecordStore store = new JdbcRecordStore(dataSource);
          for (int round = 0; round < ROUNDS; round++) {
            together.await(30, TimeUnit.SECONDS);
            store.store(readings("gw-a", 2 * round + 1));
            store.store(readings("gw-a", 2 * round));
          }
          return null;
        };
    Future<?> one = workers.submit(resender);
    Future<?> two = workers.submit(resender);

    one.get(120, TimeUnit.SECONDS);
    two.get(120, TimeUnit.SECONDS);

    long last = 2L * ROUNDS * PER_BATCH;
    assertThat(uptoSeq("gw-a")).isEqualTo(last);
    assertThat(TestDatabase.count(dataSource, "stored_record")).isEqualTo(last);
    assertThat(TestDatabase.count(dataSource, "(SELECT DISTINCT seq FROM reading) seqs"))
        .isEqualTo(last);
    assertThat(TestDatabase.count(dataSource, "stored_range")).isZero();
  }

  private static Callable<Void> worker(
      JdbcRecordStore store,
      CyclicBarrier together,
      int parity,
      List<String> gateways,
      int rounds) {
    return () -> {
      for (int round = 0; round < rounds; round++) {
        int index = 2 * round + parity;
        List<Batch> group = new ArrayList<>();
        for (String gateway : gateways) {
          group.add(batch(gateway, index));
        }
        together.await(30, TimeUnit.SECONDS);
        store.storeAll(group);
      }
      return null;
    };
  }

  private static Callable<Void> worker(
      JdbcRecordStore store, CyclicBarrier together, int parity, String first, String second) {
    return () -> {
      for (int round = 0; round < ROUNDS; round++) {
        int index = 2 * round + parity;
        List<Batch> group = new ArrayList<>();
        group.add(batch(first, index));
        group.add(batch(second, index));
        together.await(30, TimeUnit.SECONDS);
        store.storeAll(group);
      }
      return null;
    };
  }

  private static Batch batch(String gateway, int index) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId(gateway).setEpoch(1);
    for (long seq = (long) index * PER_BATCH + 1; seq <= (long) (index + 1) * PER_BATCH; seq++) {
      batch.addRecords(Record.newBuilder().setSeq(seq));
    }
    return batch.build();
  }

  private static Batch readings(String gateway, int index) {
    Batch.Builder batch = Batch.newBuilder().setSite("s1").setGatewayId(gateway).setEpoch(1);
    for (long seq = (long) index * PER_BATCH + 1; seq <= (long) (index + 1) * PER_BATCH; seq++) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(seq)
              .setReading(
                  Reading.newBuilder()
                      .setDeviceId("bme1")
                      .setMetric("co2")
                      .setSourceTimeMs(1_000 * seq)
                      .setDoubleValue(400 + seq)
                      .setUnit("ppm")
                      .setQuality(Quality.QUALITY_GOOD)));
    }
    return batch.build();
  }

  private long uptoSeq(String gateway) throws Exception {
    try (var connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT upto_seq FROM gateway_stream WHERE gateway_id = ? AND epoch = 1")) {
      select.setString(1, gateway);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getLong(1);
      }
    }
  }
}
