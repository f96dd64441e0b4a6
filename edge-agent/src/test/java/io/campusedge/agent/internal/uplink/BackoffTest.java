package io.campusedge.agent.internal.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static List<Long> delays(Backoff backoff, int count) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      delays.add(backoff.nextDelayMs());
    }
    return delays;
  }

  @Test
  void theFirstAttemptWaitsTooAndDelaysDoubleUpToTheMaximum() {
    Backoff highest = new Backoff(Duration.ofSeconds(2), bound -> bound - 1);

    assertThat(delays(highest, 6)).containsExactly(250L, 500L, 1000L, 2000L, 2000L, 2000L);
  }

  @Test
  void jitterKeepsEachDelayBetweenHalfAndAllOfItsStep() {
    Backoff lowest = new Backoff(Duration.ofSeconds(2), bound -> 0);

    assertThat(delays(lowest, 5)).containsExactly(125L, 250L, 500L, 1000L, 1000L);
  }

  @Test
  void realRandomDelaysDifferBetweenGateways() {
    List<Long> firsts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      firsts.add(new Backoff(Duration.ofSeconds(10)).nextDelayMs());
    }

    assertThat(firsts).allMatch(d -> d >= 125 && d <= 250);
    assertThat(firsts.stream().distinct().count()).isGreaterThan(5);
  }

  @Test
  void resetStartsFromTheFirstStepAgain() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), bound -> bound - 1);
    delays(backoff, 4);

    backoff.reset();

    assertThat(backoff.nextDelayMs()).isEqualTo(250L);
  }
}
