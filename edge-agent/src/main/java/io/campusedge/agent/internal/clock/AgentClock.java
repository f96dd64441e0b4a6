package io.campusedge.agent.internal.clock;

import io.campusedge.protos.v1.ClockState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The gateway clock as records see it: wall time, whether the wall clock is trustworthy, and a boot
 * id with monotonic ms since that boot, which order and place records taken while it is not.
 *
 * <p>On Linux the boot id is the kernel's ({@code /proc/sys/kernel/random/boot_id}) and monotonic
 * time is {@code CLOCK_MONOTONIC} (what {@link System#nanoTime} reads there), so both stay the same
 * across agent restarts within one boot and one offset places all of that boot's records. Where the
 * kernel boot id cannot be read, a random id per agent start and ms since that start are used.
 */
public final class AgentClock {
  public static final Path KERNEL_BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

  private static final ClockState SYNCED = ClockState.newBuilder().setSynced(true).build();

  private final Clock wall;
  private final String bootId;
  private final LongSupplier nanos;
  private final long originNanos;
  private final BooleanSupplier synced;
  private final String syncedSource;

  public AgentClock(Clock wall, BooleanSupplier synced) {
    this(wall, synced, "ntp", KERNEL_BOOT_ID);
  }

  /** {@code syncedSource} names where a synced time comes from ("ntp", "assumed"). */
  public AgentClock(Clock wall, BooleanSupplier synced, String syncedSource, Path bootIdFile) {
    this.wall = wall;
    this.synced = synced;
    this.syncedSource = syncedSource;
    this.nanos = System::nanoTime;
    Optional<String> kernelBoot = readBootId(bootIdFile);
    this.bootId = kernelBoot.orElseGet(() -> UUID.randomUUID().toString());
    // CLOCK_MONOTONIC counts from boot: keep it as is with the kernel's boot id.
    this.originNanos = kernelBoot.isPresent() ? 0 : nanos.getAsLong();
  }

  AgentClock(Clock wall, BooleanSupplier synced, LongSupplier nanos, String bootId) {
    this.wall = wall;
    this.synced = synced;
    this.syncedSource = "ntp";
    this.nanos = nanos;
    this.originNanos = nanos.getAsLong();
    this.bootId = bootId;
  }

  static Optional<String> readBootId(Path file) {
    try {
      String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public Clock wall() {
    return wall;
  }

  public String bootId() {
    return bootId;
  }

  public boolean isSynced() {
    return synced.getAsBoolean();
  }

  /** "ntp" or "assumed" while synced, "none" while not. */
  public String source() {
    return isSynced() ? syncedSource : "none";
  }

  public long monotonicMs() {
    return (nanos.getAsLong() - originNanos) / 1_000_000;
  }

  /**
   * What a record carries: the synced flag, and only when the clock is not synced the boot id and
   * monotonic ms the hub places it by (the gateway state's {@code ClockSync} gives it the offset of
   * each boot). A synced record's own time needs neither; leaving them out halves a reading's size
   * on the wire (about 45 of 90 bytes) and the broker's and hub's work per reading with it.
   */
  public ClockState state() {
    if (isSynced()) {
      return SYNCED;
    }
    return ClockState.newBuilder()
        .setSynced(false)
        .setBootId(bootId)
        .setMonotonicMs(monotonicMs())
        .build();
  }
}
