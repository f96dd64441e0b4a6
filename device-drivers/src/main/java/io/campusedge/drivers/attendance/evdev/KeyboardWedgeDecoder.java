package io.campusedge.drivers.attendance.evdev;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the bytes read from an evdev device into the lines a keyboard-wedge reader typed: key
 * presses (EV_KEY, value 1) of 0-9 and A-F collect characters, Enter ends the line. Releases,
 * auto-repeat, shift, scan-code (EV_MSC) and sync (EV_SYN) events carry nothing for us. Records may
 * arrive split across reads; the partial record is kept until the rest comes.
 */
final class KeyboardWedgeDecoder {
  private final int eventSize;
  private final UidText uidText;
  private final ByteBuffer record;
  private final char[] typed = new char[UidText.MAX_CHARS];
  private int length;
  private String problem;

  KeyboardWedgeDecoder(int eventSize, UidText uidText) {
    if (eventSize != 16 && eventSize != 24) {
      throw new IllegalArgumentException("input_event is 16 or 24 bytes, not " + eventSize);
    }
    this.eventSize = eventSize;
    this.uidText = uidText;
    this.record = ByteBuffer.allocate(eventSize).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Lines completed by these bytes, oldest first. */
  List<WedgeLine> feed(byte[] data, int offset, int count) {
    List<WedgeLine> lines = new ArrayList<>(1);
    for (int i = offset; i < offset + count; i++) {
      record.put(data[i]);
      if (!record.hasRemaining()) {
        event(record, lines);
        record.clear();
      }
    }
    return lines;
  }

  /** Bytes of an incomplete record waiting for the rest. */
  int pendingBytes() {
    return record.position();
  }

  private void event(ByteBuffer event, List<WedgeLine> lines) {
    int type = Short.toUnsignedInt(event.getShort(eventSize - 8));
    int code = Short.toUnsignedInt(event.getShort(eventSize - 6));
    int value = event.getInt(eventSize - 4);
    Arrays.fill(event.array(), (byte) 0);
    if (type != InputEventLayout.EV_KEY || value != InputEventLayout.KEY_PRESSED) {
      return;
    }
    if (code == InputEventLayout.KEY_ENTER || code == InputEventLayout.KEY_KPENTER) {
      lines.add(endLine());
      return;
    }
    if (code == InputEventLayout.KEY_LEFTSHIFT || code == InputEventLayout.KEY_RIGHTSHIFT) {
      return;
    }
    char c = InputEventLayout.character(code);
    if (c == 0) {
      problem = "the reader typed key code " + code + ", which is not a digit or A-F";
    } else if (length == typed.length) {
      problem = "the reader typed more than " + typed.length + " characters before Enter";
    } else {
      typed[length++] = c;
    }
  }

  private WedgeLine endLine() {
    WedgeLine line =
        problem != null ? new WedgeLine.Rejected(problem) : uidText.parse(typed, length);
    Arrays.fill(typed, '\0');
    length = 0;
    problem = null;
    return line;
  }
}
