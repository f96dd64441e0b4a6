package io.campusedge.drivers.attendance.evdev;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a keyboard-wedge reader types the UID, and which bytes are hashed for it. {@code hex}: pairs
 * of hex digits, the UID bytes in the order typed (the same bytes an MFRC522 reads when the reader
 * types the UID most significant byte first). {@code decimal}: the UID as an unsigned number,
 * hashed as big-endian bytes, at least 4 (the usual 10-digit output of a 4-byte UID).
 */
enum UidText {
  DECIMAL,
  HEX;

  /** 24 decimal digits fit in 10 bytes, the longest ISO 14443 UID. */
  static final int MAX_CHARS = 24;

  static UidText of(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /** The UID bytes of a typed line; never echoes the digits in a reason. */
  WedgeLine parse(char[] typed, int length) {
    if (length == 0) {
      return new WedgeLine.Rejected("the reader sent Enter without a card number");
    }
    return this == HEX ? hex(typed, length) : decimal(typed, length);
  }

  private static WedgeLine hex(char[] typed, int length) {
    if (length % 2 != 0) {
      return new WedgeLine.Rejected(
          "the reader typed " + length + " hex digits; a UID is whole bytes (pairs of digits)");
    }
    byte[] uid = new byte[length / 2];
    for (int i = 0; i < uid.length; i++) {
      int high = Character.digit(typed[2 * i], 16);
      int low = Character.digit(typed[2 * i + 1], 16);
      uid[i] = (byte) (high << 4 | low);
    }
    return new WedgeLine.Uid(uid);
  }

  private static WedgeLine decimal(char[] typed, int length) {
    byte[] value = new byte[10];
    for (int i = 0; i < length; i++) {
      if (typed[i] < '0' || typed[i] > '9') {
        Arrays.fill(value, (byte) 0);
        return new WedgeLine.Rejected(
            "the reader typed hex digits but uidFormat is decimal (set uidFormat: hex)");
      }
      int carry = typed[i] - '0';
      for (int j = value.length - 1; j >= 0; j--) {
        int v = (value[j] & 0xFF) * 10 + carry;
        value[j] = (byte) v;
        carry = v >>> 8;
      }
    }
    int first = 0;
    while (first < value.length - 4 && value[first] == 0) {
      first++;
    }
    byte[] uid = Arrays.copyOfRange(value, first, value.length);
    Arrays.fill(value, (byte) 0);
    return new WedgeLine.Uid(uid);
  }
}
