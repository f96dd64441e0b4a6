package io.campusedge.simulators.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tmpfs of a few hundred KiB mounted on a gateway's data folder, so its outbox meets a real
 * {@code ENOSPC} when {@link #fill()} writes a filler file (what old logs do to an SD card) until
 * the kernel refuses. Mounting needs root or CAP_SYS_ADMIN.
 */
final class SmallDisk implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmallDisk.class);
  private static final String FILLER = "filler.log";

  private final Path mountPoint;
  private boolean mounted;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a {@code kib} KiB tmpfs on {@code dir} (created if missing). */
  static SmallDisk mount(Path dir, int kib) throws IOException, ChaosPrerequisiteException {
    Files.createDirectories(dir);
    SmallDisk disk = new SmallDisk(dir);
    String output =
        run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0700", "tmpfs", dir.toString());
    if (output != null) {
      throw new ChaosPrerequisiteException(
          "cannot mount a "
              + kib
              + " KiB tmpfs on "
              + dir
              + " for the disk-full steps (needs root or CAP_SYS_ADMIN; running as '"
              + System.getProperty("user.name")
              + "'): "
              + output.strip());
    }
    disk.mounted = true;
    log.info("Mounted a {} KiB tmpfs on {}", kib, dir);
    return disk;
  }

  /** Null when the command succeeded, else what it printed. */
  private static String run(String... command) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return String.join(" ", command) + " did not finish in 20 s";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command[0], e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
  }

  /** Appends to the filler file until the file system refuses; returns the bytes written. */
  long fill() throws IOException {
    byte[] block = new byte[4096];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER))) {
      while (true) {
        out.write(block);
        written += block.length;
      }
    } catch (IOException e) {
      if (usableBytes() > block.length) {
        throw e; // not the disk filling up
      }
    }
    return written;
  }

  /** Deletes the filler: the space comes back. */
  void free() throws IOException {
    Files.deleteIfExists(mountPoint.resolve(FILLER));
  }

  long usableBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws IOException {
    if (!mounted) {
      return;
    }
    String output = run("umount", "-l", mountPoint.toString());
    if (output != null) {
      log.warn("Could not unmount the tmpfs on {}: {}", mountPoint, output.strip());
    }
    mounted = false;
  }
}
