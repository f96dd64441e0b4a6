package io.campusedge.agent.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentRecordsTest {
  private static final int PAYLOAD = 10;

  private static List<StoredRecord> group(long first, long last, Lane lane) {
    List<StoredRecord> records = new ArrayList<>();
    for (long seq = first; seq <= last; seq++) {
      records.add(new StoredRecord(seq, lane, 0, new byte[PAYLOAD]));
    }
    return records;
  }

  private static List<Long> seqs(List<StoredRecord> records) {
    return records.stream().map(StoredRecord::seq).toList();
  }

  @Test
  void servesTheRecordsRightAfterASeqItHolds() {
    RecentRecords recent = new RecentRecords(1 << 20);
    recent.addDurable(group(1, 5, Lane.TELEMETRY));
    recent.addDurable(group(6, 8, Lane.TELEMETRY));

    assertThat(seqs(recent.after(0, 3).orElseThrow())).containsExactly(1L, 2L, 3L);
    assertThat(seqs(recent.after(4, 100).orElseThrow())).containsExactly(5L, 6L, 7L, 8L);
    assertThat(recent.after(8, 100).orElseThrow()).isEmpty();
  }

  @Test
  void beyondItsBoundTheOldestRecordsComeFromTheFile() {
    RecentRecords recent = new RecentRecords(4 * (PAYLOAD + 96));
    recent.addDurable(group(1, 10, Lane.TELEMETRY));

    assertThat(recent.size()).isEqualTo(4);
    assertThat(recent.after(0, 100)).isEmpty();
    assertThat(recent.after(5, 100)).isEmpty();
    assertThat(seqs(recent.after(6, 100).orElseThrow())).containsExactly(7L, 8L, 9L, 10L);
  }

  @Test
  void aGroupThatDoesNotFollowStartsANewRun() {
    RecentRecords recent = new RecentRecords(1 << 20);
    recent.addDurable(group(1, 3, Lane.TELEMETRY));
    recent.addDurable(group(6, 7, Lane.TELEMETRY));

    assertThat(recent.after(2, 100)).isEmpty();
    assertThat(seqs(recent.after(5, 100).orElseThrow())).containsExactly(6L, 7L);
  }

  @Test
  void anAckIsCountedFromMemoryOnlyWhenNoRowBeforeTheRunIsPending() {
    RecentRecords recent = new RecentRecords(1 << 20);
    recent.addDurable(group(5, 7, Lane.ATTENDANCE));
    recent.addDurable(group(8, 9, Lane.TELEMETRY));

    // Rows 1..4 may still be in the file: the outbox must sum them there.
    assertThat(recent.takeUpTo(0, 6)).isEmpty();
    assertThat(seqs(recent.after(6, 100).orElseThrow())).containsExactly(7L, 8L, 9L);

    AckedRows taken = recent.takeUpTo(6, 8).orElseThrow();
    Map<Lane, Long> acked = taken.bytes();
    assertThat(taken.records()).isEqualTo(2);
    assertThat(acked).containsEntry(Lane.ATTENDANCE, (long) PAYLOAD);
    assertThat(acked).containsEntry(Lane.TELEMETRY, (long) PAYLOAD);
    assertThat(seqs(recent.after(8, 100).orElseThrow())).containsExactly(9L);
  }

  @Test
  void clearedAfterEvictionEverythingComesFromTheFile() {
    RecentRecords recent = new RecentRecords(1 << 20);
    recent.addDurable(group(1, 3, Lane.TELEMETRY));
    recent.clear();

    assertThat(recent.after(0, 100)).isEmpty();
    assertThat(recent.takeUpTo(0, 3)).isEmpty();
  }
}
