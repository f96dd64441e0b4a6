package io.campusedge.agent.internal.outbox;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbox files H2 cannot open, kept beside the live one as {@code outbox.corrupt-<UTC>.mv.db}. They
 * are never deleted: someone may still recover records from them with H2's recovery tool.
 */
final class CorruptOutboxFiles {
  private static final Logger log = LoggerFactory.getLogger(CorruptOutboxFiles.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  // H2 error codes: 90030 FILE_CORRUPTED_1, 90048 FILE_VERSION_ERROR_1 (also garbage headers),
  // 90028 IO_EXCEPTION_1 (a truncated header ends in an EOFException).
  private static final int FILE_CORRUPTED = 90030;
  private static final int FILE_VERSION_ERROR = 90048;
  private static final int IO_EXCEPTION = 90028;

  private final Path dir;
  private final String baseName;

  /** {@code base} is the outbox path without {@code .mv.db}, as given to H2. */
  CorruptOutboxFiles(Path base) {
    Path absolute = base.toAbsolutePath();
    this.dir = absolute.getParent();
    this.baseName = absolute.getFileName().toString();
  }

  /**
   * True when H2 failed because of the file's content, not because it is locked or unreadable. A
   * false positive costs a new epoch, never data: the file is moved, not deleted.
   */
  static boolean isCorruption(SQLException e) {
    int code = e.getErrorCode();
    if (code == FILE_CORRUPTED || code == FILE_VERSION_ERROR) {
      return true;
    }
    return code == IO_EXCEPTION && causedBy(e, EOFException.class);
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  Path liveFile() {
    return dir.resolve(baseName + ".mv.db");
  }

  /** Renames the live file to {@code <base>.corrupt-<UTC time>.mv.db} and returns the new path. */
  Path moveAside(Instant now) throws IOException {
    Path target = dir.resolve(baseName + ".corrupt-" + STAMP.format(now) + ".mv.db");
    for (int n = 2; Files.exists(target); n++) {
      target = dir.resolve(baseName + ".corrupt-" + STAMP.format(now) + "-" + n + ".mv.db");
    }
    Files.move(liveFile(), target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory();
    return target;
  }

  /** Makes the rename itself survive a power cut (Linux lets a directory be forced). */
  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      log.debug("Could not fsync directory {}: {}", dir, e.toString());
    }
  }

  /** How many corrupt outbox files are kept in the data directory. */
  long count() throws IOException {
    long count = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, pattern())) {
      for (Path ignored : files) {
        count++;
      }
    }
    return count;
  }

  /**
   * A new epoch must be above every epoch a kept file used. An epoch is the wall-clock time its
   * file was created, so the newest modification time of a kept file bounds it from above, even
   * when the clock has since gone back (a gateway without RTC that booted offline).
   */
  long newestModifiedMs() throws IOException {
    long newest = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, pattern())) {
      for (Path file : files) {
        newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
      }
    }
    return newest;
  }

  private String pattern() {
    return baseName + ".corrupt-*.mv.db";
  }
}
