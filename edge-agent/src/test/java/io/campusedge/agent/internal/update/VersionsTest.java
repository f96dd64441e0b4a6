package io.campusedge.agent.internal.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionsTest {
  private static final Instant INSTALLED = Instant.parse("2026-12-06T09:00:00Z");
  private static final Instant DEADLINE = INSTALLED.plus(Duration.ofMinutes(10));

  @TempDir Path dir;
  private Versions versions;

  @BeforeEach
  void installZeroTwoOverZeroOne() throws IOException {
    versions = new Versions(dir);
    install("0.1.0");
    Files.writeString(dir.resolve("current"), "0.1.0\n");
    install("0.2.0");
    versions.switchTo("0.2.0", "0.1.0", DEADLINE, 3);
  }

  @Test
  void aNewVersionThatCrashesAtStartIsRolledBackOnceItsStartsPassTheLimit() throws IOException {
    launcherStarts(3);
    assertThat(versions.atStart("0.2.0", INSTALLED.plusSeconds(30)))
        .isEqualTo(Versions.StartDecision.CONTINUE);

    launcherStarts(1);
    Versions.StartDecision decision = versions.atStart("0.2.0", INSTALLED.plusSeconds(40));

    assertThat(decision).isEqualTo(Versions.StartDecision.RESTART);
    assertThat(versions.current()).isEqualTo("0.1.0");
    assertThat(versions.pending()).isEmpty();
    assertThat(versions.attempts()).isZero();
    assertThat(versions.lastRollback().orElseThrow())
        .isEqualTo(
            new Versions.Rollback(
                "0.2.0",
                "0.1.0",
                "0.2.0 started 4 times without confirming",
                INSTALLED.plusSeconds(40)));
    assertThat(versions.installed()).contains("0.1.0", "0.2.0");
  }

  @Test
  void whenTheLauncherAlreadyStartedThePreviousVersionTheRollbackIsRecorded() throws IOException {
    launcherStarts(4);

    Versions.StartDecision decision = versions.atStart("0.1.0", INSTALLED.plusSeconds(60));

    assertThat(decision).isEqualTo(Versions.StartDecision.CONTINUE);
    assertThat(versions.current()).isEqualTo("0.1.0");
    assertThat(versions.pending()).isEmpty();
    assertThat(versions.lastRollback().orElseThrow().reason())
        .isEqualTo("0.2.0 did not start (4 attempts, limit 3)");
  }

  @Test
  void aNewVersionStartedAfterItsDeadlineRollsBack() throws IOException {
    launcherStarts(1);

    Versions.StartDecision decision = versions.atStart("0.2.0", DEADLINE.plusSeconds(1));

    assertThat(decision).isEqualTo(Versions.StartDecision.RESTART);
    assertThat(versions.current()).isEqualTo("0.1.0");
    assertThat(versions.lastRollback().orElseThrow().reason())
        .startsWith("0.2.0 did not come online and get its data acknowledged by");
  }

  @Test
  void aRunningNewVersionThatNeverConfirmsRollsBackAtTheDeadlineAndRestarts() {
    MutableClock clock = new MutableClock(INSTALLED.plusSeconds(20));
    AtomicInteger restarts = new AtomicInteger();
    UpdateConfirmation confirmation =
        new UpdateConfirmation(
            versions, "0.2.0", () -> false, () -> 0, clock, restarts::incrementAndGet);

    assertThat(confirmation.check()).isEqualTo(UpdateConfirmation.State.WAITING);
    clock.now = DEADLINE.plusMillis(1);
    assertThat(confirmation.check()).isEqualTo(UpdateConfirmation.State.ROLLED_BACK);

    assertThat(restarts).hasValue(1);
    assertThat(versions.current()).isEqualTo("0.1.0");
    assertThat(versions.lastRollback()).isPresent();
  }

  @Test
  void onlineIsNotEnoughTheHubMustAckData() throws IOException {
    MutableClock clock = new MutableClock(INSTALLED.plusSeconds(20));
    AtomicBoolean online = new AtomicBoolean(true);
    AtomicLong acks = new AtomicLong();
    AtomicInteger restarts = new AtomicInteger();
    UpdateConfirmation confirmation =
        new UpdateConfirmation(
            versions, "0.2.0", online::get, acks::get, clock, restarts::incrementAndGet);

    assertThat(confirmation.check()).isEqualTo(UpdateConfirmation.State.WAITING);
    acks.set(1);
    assertThat(confirmation.check()).isEqualTo(UpdateConfirmation.State.CONFIRMED);

    assertThat(versions.pending()).isEmpty();
    assertThat(versions.current()).isEqualTo("0.2.0");
    assertThat(versions.installed()).as("previous kept for rollback").contains("0.1.0");
    assertThat(versions.lastRollback()).isEmpty();
    assertThat(restarts).hasValue(0);
    assertThat(confirmation.check()).isEqualTo(UpdateConfirmation.State.NOTHING_PENDING);
  }

  @Test
  void confirmingKeepsAtMostTwoOldVersions() throws IOException {
    install("0.0.7");
    install("0.0.8");
    install("0.0.9");
    Files.createDirectories(dir.resolve(".staging-0.1.5"));

    versions.confirm();

    assertThat(versions.installed()).containsExactly("0.0.9", "0.1.0", "0.2.0");
    assertThat(dir.resolve(".staging-0.1.5")).doesNotExist();
  }

  @Test
  void aTechnicianCanRollBackByHand() throws IOException {
    versions.confirm();

    Versions.Rollback rollback = versions.rollBackByHand(INSTALLED.plusSeconds(600)).orElseThrow();

    assertThat(rollback.from()).isEqualTo("0.2.0");
    assertThat(rollback.to()).isEqualTo("0.1.0");
    assertThat(versions.current()).isEqualTo("0.1.0");
    assertThat(versions.rollBackByHand(INSTALLED).orElseThrow().to()).isEqualTo("package");
    assertThat(versions.current()).isEqualTo(Versions.PACKAGE);
    assertThat(versions.rollBackByHand(INSTALLED)).isEmpty();
  }

  @Test
  void semanticVersionsSortPreReleasesFirst() {
    assertThat(v("0.2.0-SNAPSHOT")).isLessThan(v("0.2.0"));
    assertThat(v("0.10.0")).isGreaterThan(v("0.9.9"));
    assertThat(v("1.0.0-rc.2")).isLessThan(v("1.0.0-rc.10"));
    assertThat(v("1.0.0-alpha")).isLessThan(v("1.0.0-alpha.1"));
    assertThat(SemanticVersion.parse("dev")).isEmpty();
    assertThat(SemanticVersion.parse("1.2")).isEmpty();
    assertThat(SemanticVersion.parse("../1.2.3")).isEmpty();
  }

  private static SemanticVersion v(String text) {
    return SemanticVersion.parse(text).orElseThrow();
  }

  /** What the launcher does before each start of a pending version. */
  private void launcherStarts(int times) throws IOException {
    for (int i = 0; i < times; i++) {
      Files.writeString(
          dir.resolve("pending.attempts"),
          "1765011600\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  private void install(String version) throws IOException {
    Files.createDirectories(dir.resolve(version));
    Files.writeString(dir.resolve(version).resolve("campusedge-agent.jar"), version);
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
