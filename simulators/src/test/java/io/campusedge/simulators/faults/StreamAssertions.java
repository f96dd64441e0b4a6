package io.campusedge.simulators.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.simulators.chaos.HubUnderTest;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.LongStream;

/** What "every record exactly once, in order, nothing stalled" means for one gateway's stream. */
final class StreamAssertions {
  private StreamAssertions() {}

  /**
   * The hub holds exactly seq 1..N of the epoch (no hole, no duplicate, nothing beyond), its ack
   * position is N, and N covers every seq the agent reported durable. Returns N.
   */
  static long assertExactlyOnceUpTo(
      HubUnderTest hub, String gateway, long epoch, long highestReportedDurable)
      throws SQLException {
    List<Long> seqs = hub.storedSeqs(gateway, epoch);
    assertThat(seqs).as("records stored for %s epoch %d", gateway, epoch).isNotEmpty();
    long last = seqs.get(seqs.size() - 1);
    assertThat(seqs)
        .as("seqs 1..%d each stored once", last)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
    assertThat(hub.uptoSeq(gateway, epoch)).as("hub ack position").contains(last);
    assertThat(last)
        .as("the hub has every record the agent reported durable")
        .isGreaterThanOrEqualTo(highestReportedDurable);
    return last;
  }
}
