package io.campusedge.drivers.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.drivers.api.DriverContext;
import io.campusedge.drivers.bus.Buses;
import io.campusedge.protos.v1.DeviceStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReaderHealthTest {
  private final RecordingSink sink = new RecordingSink();
  private final SteppingClock clock = new SteppingClock();
  private final ReaderHealth health = new ReaderHealth("door");

  ReaderHealthTest() {
    health.bind(new DriverContext(sink, clock, Buses.none(), Optional.empty()));
  }

  @Test
  void reportsANewProblemAtOnceAndRepeatsOnlyOncePerMinuteWithACount() {
    health.readFailed("BCC mismatch");
    for (int i = 0; i < 9; i++) {
      clock.advance(Duration.ofSeconds(1));
      health.readFailed("BCC mismatch");
    }
    assertThat(sink.statuses).hasSize(1);
    clock.advance(Duration.ofSeconds(60));
    health.readFailed("BCC mismatch");

    assertThat(sink.statuses)
        .extracting(DeviceStatus::getError)
        .containsExactly("BCC mismatch", "BCC mismatch (10 times)");
    assertThat(sink.statuses).allMatch(DeviceStatus::getReachable);
    assertThat(health.counts()).containsEntry("BCC mismatch", 11L);
  }

  @Test
  void reportsRecoveryOnceAndAChangedProblemAtOnce() {
    health.ok();
    assertThat(sink.statuses).isEmpty();
    health.unreachable("chip missing");
    health.readFailed("collision");
    health.ok();
    health.ok();

    assertThat(sink.statuses)
        .extracting(DeviceStatus::getReachable, DeviceStatus::getError)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(false, "chip missing"),
            org.assertj.core.groups.Tuple.tuple(true, "collision"),
            org.assertj.core.groups.Tuple.tuple(true, ""));
  }
}
