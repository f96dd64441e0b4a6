package io.campusedge.agent.internal.uplink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The Sparkplug birth/death sequence number, kept in {@code {dataDir}/sparkplug-bdseq} so it keeps
 * counting across restarts: every MQTT session takes the next value (0-255, wrapping; Sparkplug
 * 3.0, Payloads, bdSeq), written to disk before the CONNECT that carries it in the will. A host
 * then never takes an old session's NDEATH for the current one's.
 */
final class BdSeqFile {
  private final Path file;

  BdSeqFile(Path dataDir) {
    this.file = dataDir.resolve("sparkplug-bdseq");
  }

  /** The value for a new session; the first ever is 0. */
  long next() throws UplinkException {
    long value = last().map(v -> (v + 1) & 0xFF).orElse(0L);
    write(value);
    return value;
  }

  private Optional<Long> last() throws UplinkException {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      long value = Long.parseLong(text);
      return value >= 0 && value <= 255 ? Optional.of(value) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (NumberFormatException e) {
      // A torn or edited file: start again at 0 (the host accepts any bdSeq in a new NBIRTH).
      return Optional.empty();
    } catch (IOException e) {
      throw new UplinkException(file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private void write(long value) throws UplinkException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UplinkException(file + " cannot be written: " + e.getMessage(), e);
    }
  }
}
