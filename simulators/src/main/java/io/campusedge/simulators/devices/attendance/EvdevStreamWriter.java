package io.campusedge.simulators.devices.attendance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A USB keyboard-wedge reader as the kernel's evdev device presents it: writes Linux {@code struct
 * input_event} records (include/uapi/linux/input.h; 24 bytes on 64-bit, 16 on 32-bit armhf, little
 * endian) to a file the driver reads. Each key is scan code, press, sync, release, sync, as a real
 * USB HID keyboard produces; letters are typed with left shift held.
 */
public final class EvdevStreamWriter implements AutoCloseable {
  static final int EV_SYN = 0;
  static final int EV_KEY = 1;
  static final int EV_MSC = 4;
  static final int MSC_SCAN = 4;
  static final int KEY_LEFTSHIFT = 42;
  static final int KEY_ENTER = 28;

  /** include/uapi/linux/input-event-codes.h */
  private static final Map<Character, Integer> KEYS =
      Map.ofEntries(
          Map.entry('1', 2),
          Map.entry('2', 3),
          Map.entry('3', 4),
          Map.entry('4', 5),
          Map.entry('5', 6),
          Map.entry('6', 7),
          Map.entry('7', 8),
          Map.entry('8', 9),
          Map.entry('9', 10),
          Map.entry('0', 11),
          Map.entry('Q', 16),
          Map.entry('E', 18),
          Map.entry('A', 30),
          Map.entry('D', 32),
          Map.entry('F', 33),
          Map.entry('C', 46),
          Map.entry('B', 48));

  private final Path file;
  private final int eventSize;
  private FileChannel channel;
  private long micros = 1_700_000_000_000_000L;

  public EvdevStreamWriter(Path file, int eventSize) throws IOException {
    if (eventSize != 16 && eventSize != 24) {
      throw new IllegalArgumentException("input_event is 16 or 24 bytes");
    }
    this.file = file;
    this.eventSize = eventSize;
    plugIn();
  }

  /** Creates the device file (again) as the kernel does when the reader is plugged in. */
  public void plugIn() throws IOException {
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Removes the device file as the kernel does when the reader is unplugged. */
  public void unplug() throws IOException {
    channel.close();
    java.nio.file.Files.deleteIfExists(file);
  }

  /** Types {@code text} (digits, A-F, and Q for a wrong key) followed by Enter. */
  public void typeLine(String text) throws IOException {
    ByteBuffer out = ByteBuffer.allocate((text.length() * 2 + 1) * 5 * eventSize);
    out.order(ByteOrder.LITTLE_ENDIAN);
    for (char c : text.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
      Integer code = KEYS.get(c);
      if (code == null) {
        throw new IllegalArgumentException("the simulated reader has no key for '" + c + "'");
      }
      boolean shifted = Character.isLetter(c);
      if (shifted) {
        event(out, EV_KEY, KEY_LEFTSHIFT, 1);
      }
      key(out, code);
      if (shifted) {
        event(out, EV_KEY, KEY_LEFTSHIFT, 0);
      }
    }
    key(out, KEY_ENTER);
    out.flip();
    write(out);
  }

  /** Raw bytes, e.g. the first half of a record for a truncated-stream fault. */
  public void writeRaw(byte[] bytes) throws IOException {
    write(ByteBuffer.wrap(bytes));
  }

  private void key(ByteBuffer out, int code) {
    event(out, EV_MSC, MSC_SCAN, 0x70000 + code);
    event(out, EV_KEY, code, 1);
    event(out, EV_SYN, 0, 0);
    event(out, EV_KEY, code, 0);
    event(out, EV_SYN, 0, 0);
  }

  private void event(ByteBuffer out, int type, int code, int value) {
    micros += 1_000;
    if (eventSize == 24) {
      out.putLong(micros / 1_000_000).putLong(micros % 1_000_000);
    } else {
      out.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000));
    }
    out.putShort((short) type).putShort((short) code).putInt(value);
  }

  private void write(ByteBuffer out) throws IOException {
    while (out.hasRemaining()) {
      channel.write(out);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
