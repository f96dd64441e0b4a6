package io.campusedge.agent.internal.doctor;

import io.campusedge.agent.internal.clock.TimesyncProbe;
import io.campusedge.drivers.bus.Buses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the doctor asks of the machine, so tests can hand it a bad machine: the file system root
 * under which {@code /dev}, {@code /run} and {@code /etc} are looked up, the user the agent runs as
 * and that user's groups, the clock-sync source, the buses drivers open, a wall clock and the
 * timeout of each network or device probe.
 */
public record DoctorEnvironment(
    Path root,
    String user,
    Function<String, Set<String>> groupsOf,
    Supplier<Optional<Boolean>> clockSynced,
    Supplier<Buses> buses,
    Clock clock,
    Duration timeout) {

  /** The real gateway: {@code /}, {@code id -Gn USER}, timedatectl or timesyncd's marker. */
  public static DoctorEnvironment system(String user, Supplier<Buses> buses) {
    Path root = Path.of("/");
    return new DoctorEnvironment(
        root,
        user,
        name -> groups(root, name),
        () -> systemClockSynced(root),
        buses,
        Clock.systemUTC(),
        Duration.ofSeconds(3));
  }

  /** {@code /dev/i2c-1} on this machine (or under the test root). */
  public Path path(String absolute) {
    return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
  }

  /** {@code id -Gn USER}, else /etc/group; empty when neither can tell. */
  static Set<String> groups(Path root, String user) {
    try {
      Process process =
          new ProcessBuilder("id", "-Gn", user)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (process.waitFor(2, TimeUnit.SECONDS) && process.exitValue() == 0) {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new LinkedHashSet<>(Arrays.asList(out.strip().split("\\s+")));
      }
      process.destroyForcibly();
    } catch (IOException e) {
      // No id(1): fall back to the group file.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return EtcGroup.groupsOf(root.resolve("etc/group"), root.resolve("etc/passwd"), user);
  }

  /** timedatectl (also chrony, ntpd), else systemd-timesyncd's marker; empty when unknown. */
  static Optional<Boolean> systemClockSynced(Path root) {
    Optional<Boolean> timedatectl = TimesyncProbe.askTimedatectl();
    if (timedatectl.isPresent()) {
      return timedatectl;
    }
    if (Files.exists(root.resolve("run/systemd/timesync/synchronized"))) {
      return Optional.of(true);
    }
    return Files.isDirectory(root.resolve("run/systemd/timesync"))
        ? Optional.of(false)
        : Optional.empty();
  }
}
