package io.campusedge.agent.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.campusedge.agent.api.AgentConfig;
import io.campusedge.protos.v1.ClockState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockTest {
  @TempDir Path dir;

  @Test
  void recordsCarryTheKernelBootIdAndMonotonicTimeSinceBoot() throws Exception {
    Path bootId = dir.resolve("boot_id");
    Files.writeString(bootId, "e50925a0-442b-41f8-908e-d933307002fd\n");
    AgentClock clock = new AgentClock(Clock.systemUTC(), () -> false, "ntp", bootId);

    ClockState state = clock.state();

    assertThat(state.getSynced()).isFalse();
    assertThat(state.getBootId()).isEqualTo("e50925a0-442b-41f8-908e-d933307002fd");
    // CLOCK_MONOTONIC counts from boot, so it is what System.nanoTime reads on Linux.
    assertThat(state.getMonotonicMs())
        .isCloseTo(System.nanoTime() / 1_000_000, org.assertj.core.data.Offset.offset(1_000L));
    assertThat(clock.source()).isEqualTo("none");
  }

  @Test
  void aSyncedRecordCarriesOnlyTheFlag() throws Exception {
    Path bootId = dir.resolve("boot_id");
    Files.writeString(bootId, "e50925a0-442b-41f8-908e-d933307002fd\n");
    AtomicBoolean synced = new AtomicBoolean(true);
    AgentClock clock = new AgentClock(Clock.systemUTC(), synced::get, "ntp", bootId);

    assertThat(clock.state()).isEqualTo(ClockState.newBuilder().setSynced(true).build());

    synced.set(false);
    assertThat(clock.state().getBootId()).isEqualTo("e50925a0-442b-41f8-908e-d933307002fd");
    assertThat(clock.state().getMonotonicMs()).isPositive();
  }

  @Test
  void withoutAKernelBootIdEachStartIsItsOwnBoot() {
    AgentClock clock =
        new AgentClock(Clock.systemUTC(), () -> true, "assumed", dir.resolve("missing"));

    assertThat(clock.bootId()).hasSize(36);
    assertThat(clock.monotonicMs()).isBetween(0L, 5_000L);
    assertThat(clock.source()).isEqualTo("assumed");
  }

  @Test
  void theMarkerFileOrTimedatectlSaysWhetherTheClockIsSynced() throws Exception {
    Path marker = dir.resolve("synchronized");
    AtomicInteger asked = new AtomicInteger();

    TimesyncProbe markerOnly =
        new TimesyncProbe(marker, AgentConfig.SyncCheck.TIMESYNCD, () -> Optional.of(true));
    assertThat(markerOnly.getAsBoolean()).isFalse();

    TimesyncProbe timedatectl =
        new TimesyncProbe(
            marker,
            AgentConfig.SyncCheck.TIMEDATECTL,
            () -> {
              asked.incrementAndGet();
              return Optional.of(true);
            });
    assertThat(timedatectl.getAsBoolean()).isTrue();
    assertThat(timedatectl.getAsBoolean()).isTrue();
    assertThat(asked).hasValue(1); // cached, not a process per record

    TimesyncProbe auto = new TimesyncProbe(marker, AgentConfig.SyncCheck.AUTO, Optional::empty);
    assertThat(auto.getAsBoolean()).isFalse(); // no marker, timedatectl cannot tell

    Files.createFile(marker);
    TimesyncProbe autoWithMarker =
        new TimesyncProbe(marker, AgentConfig.SyncCheck.AUTO, () -> Optional.of(false));
    assertThat(autoWithMarker.getAsBoolean()).isTrue();
  }

  @Test
  void pollThreadsStartingTogetherAskTimedatectlOnce() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    CountDownLatch slowAnswer = new CountDownLatch(1);
    TimesyncProbe probe =
        new TimesyncProbe(
            dir.resolve("no-marker"),
            AgentConfig.SyncCheck.TIMEDATECTL,
            () -> {
              asked.incrementAndGet();
              try {
                slowAnswer.await(200, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Optional.of(true);
            });
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(threads.submit(probe::getAsBoolean));
      }
      for (Future<Boolean> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(asked).hasValue(1);
  }
}
