package io.campusedge.agent.internal.clock;

import io.campusedge.agent.api.AgentConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the system says the wall clock is synchronised: systemd-timesyncd's marker file, or
 * {@code timedatectl show -p NTPSynchronized} (which also covers chrony and ntpd). The answer is
 * cached for a few seconds, since the sink asks for every record.
 */
public final class TimesyncProbe implements BooleanSupplier {
  private static final Logger log = LoggerFactory.getLogger(TimesyncProbe.class);
  public static final Path SYNCHRONIZED = Path.of("/run/systemd/timesync/synchronized");
  private static final long RECHECK_NANOS = 5_000_000_000L;
  private static final long TIMEDATECTL_RECHECK_NANOS = 30_000_000_000L;

  private final Path marker;
  private final AgentConfig.SyncCheck check;
  private final Supplier<Optional<Boolean>> timedatectl;
  private volatile boolean synced;
  private volatile long checkedAt;
  private volatile boolean checked;
  private volatile long askedTimedatectlAt;
  private volatile boolean timedatectlSynced;
  private volatile boolean askedTimedatectl;

  /** The marker file only. */
  public TimesyncProbe(Path marker) {
    this(marker, AgentConfig.SyncCheck.TIMESYNCD, TimesyncProbe::askTimedatectl);
  }

  public TimesyncProbe(
      Path marker, AgentConfig.SyncCheck check, Supplier<Optional<Boolean>> timedatectl) {
    this.marker = marker;
    this.check = check;
    this.timedatectl = timedatectl;
  }

  public static TimesyncProbe forSettings(AgentConfig.SyncCheck check) {
    return new TimesyncProbe(SYNCHRONIZED, check, TimesyncProbe::askTimedatectl);
  }

  /** Always synced, for gateways whose clock is managed some other way. */
  public static BooleanSupplier assumeSynced() {
    return () -> true;
  }

  @Override
  public boolean getAsBoolean() {
    long now = System.nanoTime();
    if (!checked || now - checkedAt > RECHECK_NANOS) {
      synced = probe(now);
      checkedAt = now;
      checked = true;
    }
    return synced;
  }

  private boolean probe(long now) {
    return switch (check) {
      case TIMESYNCD -> Files.exists(marker);
      case TIMEDATECTL -> timedatectlSays(now);
      case AUTO -> Files.exists(marker) || timedatectlSays(now);
    };
  }

  /**
   * Starts a process, so asked at most every 30 s, and by one thread at a time: the poll threads
   * that all record their first reading at start would otherwise each start one.
   */
  private synchronized boolean timedatectlSays(long now) {
    if (!askedTimedatectl || now - askedTimedatectlAt > TIMEDATECTL_RECHECK_NANOS) {
      timedatectlSynced = timedatectl.get().orElse(false);
      askedTimedatectlAt = now;
      askedTimedatectl = true;
    }
    return timedatectlSynced;
  }

  /** Empty when timedatectl is missing or cannot answer (no systemd, no D-Bus). */
  public static Optional<Boolean> askTimedatectl() {
    try {
      Process process =
          new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized", "--value")
              .redirectErrorStream(true)
              .start();
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        log.debug("timedatectl cannot tell the clock state: {}", out.strip());
        return Optional.empty();
      }
      return Optional.of(out.strip().equalsIgnoreCase("yes"));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
