package io.campusedge.agent.internal.update;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed agent versions side by side under {@code {dataDir}/versions}, and which one runs:
 *
 * <ul>
 *   <li>{@code current}: the version the launcher starts ({@code
 *       versions/<v>/campusedge-agent.jar}); absent means the version installed by the Debian
 *       package;
 *   <li>{@code pending}: an update not yet confirmed (version, previous, deadline, maxAttempts);
 *   <li>{@code pending.attempts}: one line per start of the new version, appended by the launcher
 *       before Java starts, so a crash at JVM start still counts;
 *   <li>{@code last-rollback}: from, to, reason and time of the last rollback, for status and
 *       doctor.
 * </ul>
 *
 * Files are simple {@code key=value} lines so the launcher script can read them with sed; every
 * write is a temporary file renamed over the old one.
 */
public final class Versions {
  private static final Logger log = LoggerFactory.getLogger(Versions.class);

  /** The version the Debian package installed in /usr/share/campusedge-agent. */
  public static final String PACKAGE = "package";

  /** Old versions kept beside the running one, for rollback (by hand or automatic). */
  public static final int KEEP_OLD = 2;

  private final Path dir;

  public Versions(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** An update installed but not yet confirmed by the new version. */
  public record Pending(String version, String previous, Instant deadline, int maxAttempts) {}

  public record Rollback(String from, String to, String reason, Instant time) {}

  /** What {@code run} does after {@link #atStart}. */
  public enum StartDecision {
    /** Run; when an update is pending for this version, confirm it once online and acked. */
    CONTINUE,
    /**
     * This version failed its update and was switched back: exit so the launcher starts the old.
     */
    RESTART
  }

  public String current() {
    try {
      String text = Files.readString(dir.resolve("current"), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? PACKAGE : text;
    } catch (NoSuchFileException e) {
      return PACKAGE;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Pending> pending() {
    return read("pending")
        .map(
            p ->
                new Pending(
                    p.getProperty("version", ""),
                    p.getProperty("previous", PACKAGE),
                    Instant.ofEpochMilli(Long.parseLong(p.getProperty("deadline", "0"))),
                    Integer.parseInt(p.getProperty("maxAttempts", "3"))));
  }

  /** Starts of the pending version counted by the launcher. */
  public int attempts() {
    try {
      return (int)
          Files.readAllLines(dir.resolve("pending.attempts")).stream()
              .filter(line -> !line.isBlank())
              .count();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Rollback> lastRollback() {
    return read("last-rollback")
        .map(
            p ->
                new Rollback(
                    p.getProperty("from", ""),
                    p.getProperty("to", ""),
                    p.getProperty("reason", ""),
                    Instant.parse(p.getProperty("time", Instant.EPOCH.toString()))));
  }

  public Path versionDir(String version) {
    return dir.resolve(version);
  }

  /**
   * Switches to {@code version} (already unpacked in its folder): the pending marker first, then
   * {@code current}, so a power cut between the two leaves a state the next start rolls back.
   */
  public void switchTo(String version, String previous, Instant deadline, int maxAttempts)
      throws IOException {
    Files.deleteIfExists(dir.resolve("pending.attempts"));
    Properties p = new Properties();
    p.setProperty("version", version);
    p.setProperty("previous", previous);
    p.setProperty("deadline", Long.toString(deadline.toEpochMilli()));
    p.setProperty("deadlineText", deadline.toString());
    p.setProperty("maxAttempts", Integer.toString(maxAttempts));
    write("pending", p);
    writeAtomically("current", version + "\n");
  }

  /** The new version is online and the hub acked its data: keep it, forget the marker. */
  public void confirm() throws IOException {
    Optional<Pending> pending = pending();
    Files.deleteIfExists(dir.resolve("pending"));
    Files.deleteIfExists(dir.resolve("pending.attempts"));
    pending.ifPresent(
        p -> log.info("Update to {} confirmed (previous {} kept)", p.version(), p.previous()));
    cleanOld();
  }

  /** Back to the version before the pending update, with the reason kept for status and doctor. */
  public Rollback rollBack(String reason, Instant now) throws IOException {
    Pending pending =
        pending().orElseThrow(() -> new IllegalStateException("no update is pending"));
    return switchBack(pending.version(), pending.previous(), reason, now);
  }

  /**
   * By hand ({@code campusedge-agent update rollback}): the pending update's previous version, else
   * the newest installed version older than the current one, else the packaged version.
   */
  public Optional<Rollback> rollBackByHand(Instant now) throws IOException {
    Optional<Pending> pending = pending();
    if (pending.isPresent()) {
      return Optional.of(rollBack("rolled back by hand", now));
    }
    String current = current();
    if (current.equals(PACKAGE)) {
      return Optional.empty();
    }
    String target =
        installed().stream()
            .filter(v -> compare(v, current) < 0)
            .max(Versions::compare)
            .orElse(PACKAGE);
    return Optional.of(switchBack(current, target, "rolled back by hand", now));
  }

  private Rollback switchBack(String from, String to, String reason, Instant now)
      throws IOException {
    if (to.equals(PACKAGE)) {
      Files.deleteIfExists(dir.resolve("current"));
    } else {
      writeAtomically("current", to + "\n");
    }
    Rollback rollback = new Rollback(from, to, reason, now);
    Properties p = new Properties();
    p.setProperty("from", from);
    p.setProperty("to", to);
    p.setProperty("reason", reason);
    p.setProperty("time", now.toString());
    write("last-rollback", p);
    Files.deleteIfExists(dir.resolve("pending"));
    Files.deleteIfExists(dir.resolve("pending.attempts"));
    log.error("Update rolled back from {} to {}: {}", from, to, reason);
    return rollback;
  }

  /**
   * Called by {@code run} before anything else, with the install the launcher started ({@code
   * package} or a version). Rolls back a pending update whose deadline passed or whose starts
   * exceed its limit; when the launcher already fell back to the previous version, records why.
   */
  public StartDecision atStart(String running, Instant now) throws IOException {
    Optional<Pending> pending = pending();
    if (pending.isEmpty()) {
      return StartDecision.CONTINUE;
    }
    Pending p = pending.get();
    int attempts = attempts();
    if (running.equals(p.version())) {
      if (attempts > p.maxAttempts()) {
        rollBack(p.version() + " started " + attempts + " times without confirming", now);
        return StartDecision.RESTART;
      }
      if (now.isAfter(p.deadline())) {
        rollBack(notConfirmed(p), now);
        return StartDecision.RESTART;
      }
      return StartDecision.CONTINUE;
    }
    if (running.equals(p.previous())) {
      // The launcher gave up on the new version (or current was never switched): make it final.
      rollBack(
          p.version() + " did not start (" + attempts + " attempts, limit " + p.maxAttempts() + ")",
          now);
    }
    return StartDecision.CONTINUE;
  }

  static String notConfirmed(Pending p) {
    return p.version() + " did not come online and get its data acknowledged by " + p.deadline();
  }

  /** Version folders on disk, oldest first (temporary download and staging files excluded). */
  public List<String> installed() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(Files::isDirectory)
          .map(path -> path.getFileName().toString())
          .filter(name -> SemanticVersion.parse(name).isPresent())
          .sorted(Versions::compare)
          .toList();
    }
  }

  /**
   * Keeps the current version, the pending update's previous one and the {@value #KEEP_OLD} newest
   * others; deletes older folders and leftovers of interrupted downloads.
   */
  public void cleanOld() throws IOException {
    String current = current();
    Optional<Pending> pending = pending();
    List<String> old =
        installed().stream()
            .filter(v -> !v.equals(current))
            .filter(v -> pending.map(p -> !p.previous().equals(v)).orElse(true))
            .sorted(Comparator.<String, SemanticVersion>comparing(Versions::semantic).reversed())
            .toList();
    for (String version : old.subList(Math.min(KEEP_OLD, old.size()), old.size())) {
      deleteTree(versionDir(version));
      log.info("Removed old agent version {}", version);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path leftover :
          entries.filter(p -> p.getFileName().toString().startsWith(".")).toList()) {
        deleteTree(leftover);
      }
    }
  }

  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static int compare(String a, String b) {
    return semantic(a).compareTo(semantic(b));
  }

  private static SemanticVersion semantic(String version) {
    return SemanticVersion.parse(version).orElse(new SemanticVersion(0, 0, 0, "0"));
  }

  private Optional<Properties> read(String name) {
    try (Reader reader = Files.newBufferedReader(dir.resolve(name), StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(reader);
      return Optional.of(p);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String name, Properties p) throws IOException {
    // Plain key=value lines (no date comment, no escapes the launcher's sed would trip over).
    StringWriter text = new StringWriter();
    for (String key : p.stringPropertyNames().stream().sorted().toList()) {
      text.append(key).append('=').append(p.getProperty(key).replace('\n', ' ')).append('\n');
    }
    writeAtomically(name, text.toString());
  }

  private void writeAtomically(String name, String text) throws IOException {
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + name + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(
        temp,
        dir.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
