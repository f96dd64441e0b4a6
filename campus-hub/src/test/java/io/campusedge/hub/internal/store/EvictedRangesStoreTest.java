package io.campusedge.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.protos.v1.Batch;
import io.campusedge.protos.v1.Reading;
import io.campusedge.protos.v1.Record;
import io.campusedge.protos.v1.SeqRange;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Seqs a gateway evicted by policy settle the contiguous ack position (Batch.evicted). */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class EvictedRangesStoreTest {
  @Parameter TestDatabase database;
  private DataSource dataSource;
  private JdbcRecordStore store;

  @BeforeEach
  void setUp() {
    dataSource = database.migrated();
    store = new JdbcRecordStore(dataSource);
  }

  private static Batch batch(List<Long> seqs, long[]... evicted) {
    Batch.Builder batch = Batch.newBuilder().setSite("S").setGatewayId("gw-ev").setEpoch(7);
    for (long seq : seqs) {
      batch.addRecords(
          Record.newBuilder()
              .setSeq(seq)
              .setReading(
                  Reading.newBuilder()
                      .setDeviceId("d")
                      .setMetric("co2")
                      .setSourceTimeMs(1_700_000_000_000L + seq)
                      .setDoubleValue(seq)
                      .setUnit("[ppm]")));
    }
    for (long[] range : evicted) {
      batch.addEvicted(SeqRange.newBuilder().setFirst(range[0]).setLast(range[1]));
    }
    return batch.build();
  }

  @Test
  void evictedRangesLetTheAckPassTheHolesWithoutAGap() {
    BatchOutcome outcome =
        store.store(batch(List.of(1L, 2L, 6L, 7L, 10L), new long[] {3, 5}, new long[] {8, 9}));

    assertThat(outcome.uptoSeq()).isEqualTo(10);
    assertThat(outcome.gapDetected()).isFalse();
  }

  @Test
  void withoutTheRangeTheAckStopsAtTheHole() {
    assertThat(store.store(batch(List.of(1L, 2L, 6L))).uptoSeq()).isEqualTo(2);

    BatchOutcome resent = store.store(batch(List.of(6L, 7L), new long[] {3, 5}));

    assertThat(resent.uptoSeq()).isEqualTo(7);
  }

  @Test
  void aResentRangeIsStoredOnceAndAnEvictedTailWaitsForItsRecords() throws Exception {
    store.store(batch(List.of(1L, 2L), new long[] {3, 4}));
    BatchOutcome again = store.store(batch(List.of(1L, 2L), new long[] {3, 4}));

    assertThat(again.uptoSeq()).isEqualTo(4);
    assertThat(TestDatabase.count(dataSource, "evicted_range")).isEqualTo(1);
  }
}
